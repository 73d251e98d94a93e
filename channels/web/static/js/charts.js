// Charts: any lift's top set, e1RM or volume per day or week (/analytics/progress), body weight
// and sleep (/metrics series), each with dated axes and units.
import {api} from "./api.js";
import {$, el} from "./dom.js";
import {remember, resolveLift, searchAsTyped} from "./lifts.js";
import {drawChart} from "./svgchart.js";
import {addDays, localDay} from "./time.js";

const MEASURES = {
  top: {label: "Top set", value: (p) => p.top_set.weight, note: (p, u) => `${p.top_set.weight} ${u} × ${p.top_set.reps}`},
  e1rm: {label: "e1RM", value: (p) => p.best_e1rm, note: (p, u) => `from ${p.top_set.weight} ${u} × ${p.top_set.reps} top set`},
  volume: {label: "Volume", value: (p) => p.volume, note: (p) => `${p.sets} sets, ${p.reps} reps`},
};
const choice = (name) => document.querySelector(`#chart-form input[name=${name}]:checked`).value;
let redraw = null, asked = 0;  // the latest lift chart asked for: an older answer is dropped

function addLift(slug, name) {
  const select = $("lift");
  if (![...select.options].some((o) => o.value === slug)) select.add(new Option(name, slug));
}

// A lift with no load (pull-ups) is charted in reps: the most in a set, or all of the day's.
const REPS = {
  top: {label: "Most reps in a set", value: (p) => p.best_reps, note: (p) => `${p.sets} sets, ${p.reps} reps`},
  e1rm: {label: "Most reps in a set", value: (p) => p.best_reps, note: (p) => `${p.sets} sets, ${p.reps} reps`},
  volume: {label: "Total reps", value: (p) => p.reps, note: (p) => `${p.sets} sets, best ${p.best_reps}`},
};

export async function drawLift() {
  const slug = $("lift").value;
  if (!slug) { drawChart($("chart"), $("chart-table"), {points: [], label: "Top set", unit: "", title: "No lift chosen"}); return; }
  const kind = choice("measure"), period = choice("period"), mine = ++asked;
  const query = `exercise=${encodeURIComponent(slug)}&period=${period}`;
  const [loaded, bare] = await Promise.all([api(`/analytics/progress?${query}`), api(`/analytics/reps?${query}`)]);
  if (mine !== asked) return;
  if (!loaded.ok) { $("chart-note").textContent = "Could not read that lift's progress."; return; }
  const {unit, name} = loaded.data;
  const inReps = !loaded.data.data.length && bare.ok && bare.data.data.length > 0;
  const measure = inReps ? REPS[kind] : MEASURES[kind];
  const points = (inReps ? bare.data.data : loaded.data.data).map((p) => ({date: p.date, value: measure.value(p), note: measure.note(p, unit)}));
  const shown = inReps ? "reps" : unit;
  drawChart($("chart"), $("chart-table"), {points, label: measure.label, unit: shown, title: name});
  $("chart").dataset.unit = shown;
  $("chart-note").textContent = !points.length
    ? `No working sets of ${name} in the last year.`
    : inReps
      ? `${name}: ${measure.label.toLowerCase()} per ${period} over the last year (no load: counted in reps${kind === "e1rm" ? "; e1RM needs a load" : ""}).`
      : `${name}: ${measure.label} per ${period} over the last year, in ${unit}.`;
}

async function drawMetric(type, svg, note, table, {label, pick, title}) {
  const from = addDays(localDay(), -90) + "T00:00:00Z";
  const r = await api(`/metrics?type=${type}&bucket=day&from=${from}`);
  if (!r.ok) { note.textContent = `Could not read ${title.toLowerCase()}.`; return; }
  const points = r.data.data.filter((b) => pick(b) != null).map((b) => ({date: b.start, value: pick(b)}));
  drawChart(svg, table, {points, label, unit: r.data.unit, title});
  note.textContent = points.length
    ? `${title} per day over the last 90 days, in ${r.data.unit}.`
    : `No ${title.toLowerCase()} readings in the last 90 days: log them or connect a device.`;
}

export async function openCharts() {
  const r = await api("/analytics/prs");
  if (r.ok) r.data.data.forEach((x) => { addLift(x.exercise, x.name); remember(x.exercise, x.name); });
  await Promise.all([
    drawLift(),
    drawMetric("body_weight", $("weight-chart"), $("weight-note"), $("weight-table"),
      {label: "Body weight", pick: (b) => b.avg, title: "Body weight"}),
    drawMetric("sleep_hours", $("sleep-chart"), $("sleep-note"), $("sleep-table"),
      {label: "Sleep", pick: (b) => b.sum, title: "Sleep"}),
  ]);
}

// Today's lifts join the list; the chart follows the sets as they come.
export function noteLifts(sets) {
  sets.forEach((s) => { addLift(s.exercise, s.exercise_name); remember(s.exercise, s.exercise_name); });
  if (!sets.length) return;
  clearTimeout(redraw);
  redraw = setTimeout(drawLift, 300);
}

export function chartLift(slug, name) {
  addLift(slug, name);
  $("lift").value = slug;
}

export function initCharts() {
  $("chart-form").addEventListener("change", (e) => { if (e.target.id !== "lift-search") drawLift(); });
  $("chart-form").addEventListener("submit", (e) => e.preventDefault());
  searchAsTyped($("lift-search"));
  $("lift-search").addEventListener("change", async () => {
    const lift = await resolveLift($("lift-search").value);
    if (!lift) { $("chart-note").textContent = "No lift by that name."; return; }
    chartLift(lift.slug, lift.name);
    $("lift-search").value = "";
    drawLift();
  });
}
