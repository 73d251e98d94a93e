// Today's workout, live: the sets of the workout in progress, kept current by its /live socket (a
// set logged on the watch or by the API appears at once), with an Undo on each logged set and a
// Done on each planned one; running figures, the rest timer, and Finish.
import {api} from "./api.js";
import {$, announce, el, errorText} from "./dom.js";
import {carriesPlan, setText} from "./format.js";
import {openEvents} from "./live.js";
import {round, unit} from "./time.js";

const LB_PER_KG = 1 / 0.45359237;
const state = {workout: null, sets: new Map(), socket: null, socketFor: null, stats: null, restTimer: null};
const watchers = new Set();

export const onSetsChanged = (fn) => watchers.add(fn);
export const currentSets = () => [...state.sets.values()].sort((a, b) => a.position - b.position);

export async function loadToday() {
  const r = await api("/workouts/active");
  state.workout = r.ok ? r.data : null;
  state.sets = new Map(r.ok ? r.data.sets.map((s) => [s.id, s]) : []);
  state.stats = null;
  follow(state.workout ? state.workout.id : null);
  render();
}

// The /live socket of the workout in progress (none: closed).
function follow(workoutId) {
  if (state.socketFor === workoutId) return;
  if (state.socket) state.socket.close();
  state.socket = null; state.socketFor = workoutId;
  $("today").dataset.live = "off";
  if (!workoutId) return;
  state.socket = openEvents(`/workouts/${workoutId}/live`, {
    onEvent: onLive,
    onGone: () => { state.socketFor = null; loadToday(); },
  });
}

export function stopToday() {
  follow(null);
  state.workout = null; state.sets.clear(); render();
}

function onLive(e) {
  const data = e.data || {};
  switch (e.type) {
    case "ready": $("today").dataset.live = "on"; renderStats(); return;
    case "resync": loadToday(); return;
    case "set.logged":
      state.sets.set(data.id, Object.assign({}, state.sets.get(data.id), data));
      if (data.completed !== false) announce(`Logged ${setText(data)}`);
      break;
    case "set.updated": {
      const was = state.sets.get(data.id);
      state.sets.set(data.id, Object.assign({}, was, data));
      if (was && was.completed === false && data.completed) announce(`Done: ${setText(data)}`);
      break;
    }
    case "set.deleted": state.sets.delete(data.id); announce("A set was removed"); break;
    case "workout.stats": state.stats = data; renderStats(); return;
    case "workout.finished": case "workout.cancelled": case "workout.deleted":
      announce(e.type === "workout.finished" ? "Workout finished" : "Workout ended");
      stopToday(); return;
    case "pr.set": {
      const s = [...state.sets.values()].find((x) => x.id === data.set_id);
      announce(`New record${s ? " on " + s.exercise_name : ""}!`); return;
    }
    case "rest.started": startRest(data); return;
    case "rest.ended": endRest(); return;
    default: return;
  }
  render();
}

// The account's events (/events): a workout begun elsewhere becomes today's.
export function onAccountEvent(e) {
  if (!e.type.startsWith("workout.")) return;
  const id = e.data && e.data.id;
  const live = e.data && e.data.status === "in_progress";
  if (live && id !== state.socketFor) loadToday();
}

function render() {
  const list = $("today");
  const sets = currentSets();
  list.replaceChildren(...sets.map(row));
  $("today-empty").hidden = sets.length > 0;
  $("finish").hidden = !state.workout;
  renderStats();
  watchers.forEach((fn) => fn(sets));
}

function row(s) {
  const planned = s.completed === false;
  const label = `${s.exercise_name} set ${s.position}`;
  const action = planned
    ? el("button", {type: "button", class: "check", "aria-label": `Mark ${label} done`, onclick: () => checkOff(s)}, "✓ Done")
    : el("button", {type: "button", class: "undo", "aria-label": `Undo ${label}`, onclick: () => undo(s)}, "Undo");
  return el("li", {class: planned ? "planned" : "done", dataset: {id: s.id, exercise: s.exercise}},
    el("span", {class: "what"}, setText(s)), action);
}

function renderStats() {
  const bits = [];
  const done = currentSets().filter((s) => s.completed !== false);
  const planned = state.sets.size - done.length;
  if (state.workout) {
    bits.push(`${done.length} set${done.length === 1 ? "" : "s"} done`);
    if (planned) bits.push(`${planned} planned`);
    const kg = state.stats ? state.stats.volume_kg : null;
    if (kg) bits.push(`volume ${round(unit() === "kg" ? kg : kg * LB_PER_KG, 0).toLocaleString()} ${unit()}`);
    if ($("today").dataset.live === "on") bits.push("● live");
  }
  $("today-stats").textContent = bits.join(" · ");
}

async function undo(s) {
  // A planned set the log filled goes back to its plan (as the assistant's undo does); else it goes.
  const r = carriesPlan(s)
    ? await api(`/sets/${s.id}`, {method: "PATCH", body: {completed: false, reps: null, weight: null, rpe: null, rir: null}})
    : await api(`/sets/${s.id}`, {method: "DELETE"});
  if (!r.ok) { announce(errorText(r.data, "Could not undo that set")); return; }
  if (r.data) state.sets.set(s.id, r.data); else state.sets.delete(s.id);
  announce(`Undone: ${setText(s)}`);
  render();
}

async function checkOff(s) {
  const r = await api(`/sets/${s.id}`, {method: "PATCH", body: {completed: true}});
  if (!r.ok) { announce(errorText(r.data, "Could not mark that set done")); return; }
  state.sets.set(s.id, r.data);
  render();
}

function startRest(data) {
  endRest();
  const ends = new Date(data.ends_at).getTime(), node = $("rest");
  const tick = () => {
    const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    node.textContent = `Rest ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    if (!left) endRest();
  };
  node.hidden = false; tick();
  state.restTimer = setInterval(tick, 1000);
}

function endRest() { clearInterval(state.restTimer); state.restTimer = null; $("rest").hidden = true; }

$("finish").addEventListener("click", async () => {
  if (!state.workout) return;
  const r = await api(`/workouts/${state.workout.id}/finish`, {method: "POST", body: {}});
  if (!r.ok) { announce(errorText(r.data, "Could not finish the workout")); return; }
  announce("Workout finished");
  stopToday();
});
