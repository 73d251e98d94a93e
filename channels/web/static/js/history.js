// History by week (Monday to Sunday in the lifter's time zone): the week's totals and its
// workouts, each opening to its sets.
import {api} from "./api.js";
import {$, el, errorText} from "./dom.js";
import {setText} from "./format.js";
import {addDays, dayLabel, dayStart, localDay, monday, round, timeLabel} from "./time.js";

let week = null;
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

export async function openHistory() {
  week = week || monday(localDay());
  const next = addDays(week, 7);
  $("week-label").textContent = `${dayLabel(week)} – ${dayLabel(addDays(week, 6), true)}`;
  $("week-next").disabled = week >= monday(localDay());
  const [summary, list] = await Promise.all([
    api(`/analytics/summary?period=week&date=${week}`),
    api(`/workouts?from=${dayStart(week).toISOString()}&to=${dayStart(next).toISOString()}&limit=100`),
  ]);
  if (summary.ok) {
    const t = summary.data;
    $("week-summary").textContent = `${t.workouts} workout${t.workouts === 1 ? "" : "s"}, ${t.sets} working sets, ` +
      `${t.reps} reps, ${round(t.volume, 0).toLocaleString()} ${t.unit} volume · streak ${plural(t.streak.days, "day")}, ${plural(t.streak.weeks, "week")}`;
  }
  const items = list.ok ? list.data.data : [];
  $("week-workouts").replaceChildren(...(items.length ? items.map(workoutItem)
    : [el("li", {class: "muted"}, list.ok ? "No workouts this week." : errorText(list.data, "Could not read the history."))]));
  $("week-workouts").dataset.week = week;
}

function workoutItem(w) {
  const sets = el("ol", {class: "sets"});
  const details = el("details", {class: "workout"},
    el("summary", {}, `${timeLabel(w.started_at || w.created_at)} — ${w.name || "Workout"} `, el("span", {class: "badge"}, w.status)),
    sets);
  details.addEventListener("toggle", async () => {
    if (!details.open || sets.childElementCount) return;
    const r = await api(`/workouts/${w.id}`);
    sets.replaceChildren(...(r.ok && r.data.sets.length ? r.data.sets.map((s) => el("li", {class: s.completed === false ? "planned" : ""}, setText(s)))
      : [el("li", {class: "muted"}, r.ok ? "No sets." : errorText(r.data, "Could not read the workout."))]));
  });
  return el("li", {}, details);
}

export function initHistory() {
  $("week-prev").addEventListener("click", () => { week = addDays(week, -7); openHistory(); });
  $("week-next").addEventListener("click", () => { week = addDays(week, 7); openHistory(); });
}
