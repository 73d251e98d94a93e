// Goals with their progress (as GET /goals works it out from the logs), a new goal, deleting one.
import {api} from "./api.js";
import {$, announce, el, errorText} from "./dom.js";
import {resolveLift, searchAsTyped} from "./lifts.js";
import {round, timeLabel} from "./time.js";

const NEEDS_LIFT = new Set(["heaviest", "e1rm", "reps", "distance"]);
const KIND = {heaviest: "Heaviest", e1rm: "e1RM", reps: "Reps", distance: "Distance", body_weight: "Body weight",
  workouts_per_week: "Workouts a week", streak: "Streak"};

function title(g) {
  if (g.name) return g.name;
  const what = g.exercise_name ? `${g.exercise_name} ` : "";
  return `${KIND[g.kind] || g.kind}: ${what}${g.target}${g.unit ? " " + g.unit : ""}`;
}

function goalCard(g) {
  const p = g.progress, id = `goal-${g.id}`;
  const where = p.current == null ? "nothing logged yet" : `${round(p.current, 1)} of ${round(p.target, 1)}${p.unit ? " " + p.unit : ""}`;
  return el("li", {class: "card"},
    el("h4", {id}, title(g), el("span", {class: "badge"}, g.status)),
    el("progress", {max: 100, value: p.percent, "aria-labelledby": id, "aria-valuetext": `${round(p.percent, 0)}%: ${where}`}),
    el("p", {class: "small"}, `${round(p.percent, 0)}% · ${where}` +
      (p.remaining ? ` · ${round(p.remaining, 1)} to go` : "") +
      (g.deadline ? ` · by ${g.deadline}` : "") + (g.achieved_at ? ` · met ${timeLabel(g.achieved_at)}` : "")),
    el("button", {type: "button", class: "quiet", "aria-label": `Delete goal ${title(g)}`, onclick: async () => {
      const r = await api(`/goals/${g.id}`, {method: "DELETE"});
      if (r.ok) { announce("Goal deleted"); openGoals(); }
    }}, "Delete"));
}

export async function openGoals() {
  const r = await api("/goals?limit=100");
  const goals = r.ok ? r.data.data : [];
  $("goals").replaceChildren(...goals.map(goalCard));
  $("goals-empty").hidden = goals.length > 0;
}

function kindChanged() {
  const lift = NEEDS_LIFT.has($("goal-kind").value);
  document.querySelectorAll("#goal-form .needs-lift").forEach((n) => { n.hidden = !lift; });
  $("goal-exercise").required = lift;
}

export function initGoals() {
  $("goal-kind").addEventListener("change", kindChanged);
  kindChanged();
  searchAsTyped($("goal-exercise"));
  $("goal-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("goal-error").textContent = "";
    const kind = $("goal-kind").value, body = {kind, target: Number($("goal-target").value)};
    if (NEEDS_LIFT.has(kind)) {
      const lift = await resolveLift($("goal-exercise").value);
      if (!lift) { $("goal-error").textContent = "No lift by that name"; return; }
      body.exercise = lift.slug;
    }
    if ($("goal-deadline").value) body.deadline = $("goal-deadline").value;
    const r = await api("/goals", {method: "POST", body});
    if (!r.ok) { $("goal-error").textContent = errorText(r.data, "Could not add the goal"); return; }
    $("goal-form").reset(); kindChanged();
    announce(`Goal added: ${title(r.data)}`);
    openGoals();
  });
}
