// Routines and programs: start one (its sets come in as planned sets, checked off on Today),
// follow a program and start its next day, write a new routine.
import {api} from "./api.js";
import {$, announce, el, errorText} from "./dom.js";
import {load} from "./format.js";
import {resolveLift, searchAsTyped} from "./lifts.js";
import {loadToday} from "./today.js";
import {timeLabel, unit} from "./time.js";

function itemText(i) {
  const scheme = [i.target_sets && `${i.target_sets}×`, i.target_reps != null && `${i.target_reps}`].filter(Boolean).join("");
  const at = i.target_weight != null ? ` @ ${load(i.target_weight, i.unit || unit())}` : "";
  return `${i.exercise_name}${scheme ? " " + scheme : ""}${at}`;
}

async function start(body, status) {
  const r = await api("/workouts/start", {method: "POST", body});
  if (!r.ok) {
    status.textContent = r.status === 409 ? "A workout is in progress: finish it on Today first." : errorText(r.data, "Could not start it");
    return;
  }
  announce(`Started ${r.data.name || "the workout"}: ${r.data.planned_count} planned sets`);
  await loadToday();
  location.hash = "#today";
}

function routineCard(routine) {
  const status = el("p", {class: "error", role: "alert"});
  return el("li", {class: "card"},
    el("h4", {}, routine.name),
    el("ul", {class: "items"}, routine.items.map((i) => el("li", {}, itemText(i)))),
    el("button", {type: "button", class: "primary", "aria-label": `Start ${routine.name}`,
      onclick: () => start({routine_id: routine.id}, status)}, "Start"),
    status);
}

function programCard(program, next) {
  const status = el("p", {class: "error", role: "alert"});
  const card = el("li", {class: "card"}, el("h4", {}, program.name, program.is_active ? el("span", {class: "badge"}, "following") : ""),
    el("p", {class: "muted small"}, `${program.weeks.length} weeks, ${program.day_count} days`));
  if (program.is_active && next) {
    card.append(el("p", {}, next.complete ? "Every day is done." : `Next: week ${next.day.week}, day ${next.day.day} — ${next.day.routine_name || "rest"}` +
      ` (${next.days_done} of ${next.days_total} done${next.last_done_at ? ", last " + timeLabel(next.last_done_at) : ""})`));
    if (!next.complete && next.day) {
      card.append(el("button", {type: "button", class: "primary", onclick: () => start({program_day_id: next.day.id}, status)}, "Start next day"));
    }
  } else if (!program.is_active) {
    card.append(el("button", {type: "button", onclick: async () => {
      const r = await api(`/programs/${program.id}`, {method: "PATCH", body: {is_active: true}});
      if (!r.ok) { status.textContent = errorText(r.data, "Could not follow it"); return; }
      openRoutines();
    }}, "Follow this program"));
  }
  card.append(status);
  return card;
}

export async function openRoutines() {
  const [routines, programs, next] = await Promise.all([api("/routines?limit=100"), api("/programs?limit=100"), api("/programs/next")]);
  const rs = routines.ok ? routines.data.data : [];
  $("routines").replaceChildren(...rs.map(routineCard));
  $("routines-empty").hidden = rs.length > 0;
  const ps = programs.ok ? programs.data.data : [];
  $("programs").replaceChildren(...ps.map((p) => programCard(p, next.ok ? next.data : null)));
  $("programs-empty").hidden = ps.length > 0;
}

function itemRow() {
  const n = $("routine-items").childElementCount + 1;
  const field = (label, input) => el("label", {}, label, input);
  const lift = el("input", {list: "lift-options", required: true, autocomplete: "off", class: "lift"});
  searchAsTyped(lift);
  return el("fieldset", {class: "item"}, el("legend", {}, `Lift ${n}`),
    field("Lift", lift),
    field("Sets", el("input", {type: "number", min: 1, max: 50, value: 3, class: "sets"})),
    field("Reps", el("input", {type: "number", min: 0, max: 1000, value: 5, class: "reps"})),
    field(`Weight (${unit()})`, el("input", {type: "number", min: 0, step: "any", class: "weight"})));
}

export function initRoutines() {
  $("routine-add-item").addEventListener("click", () => $("routine-items").append(itemRow()));
  $("routine-new").addEventListener("toggle", () => {
    if ($("routine-new").open && !$("routine-items").childElementCount) $("routine-items").append(itemRow());
  });
  $("routine-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("routine-error").textContent = "";
    const items = [];
    for (const row of $("routine-items").querySelectorAll(".item")) {
      const lift = await resolveLift(row.querySelector(".lift").value);
      if (!lift) { $("routine-error").textContent = `No lift named "${row.querySelector(".lift").value}"`; return; }
      const num = (cls) => row.querySelector(cls).value === "" ? null : Number(row.querySelector(cls).value);
      items.push({exercise: lift.slug, target_sets: num(".sets"), target_reps: num(".reps"), target_weight: num(".weight"),
        unit: num(".weight") == null ? null : unit()});
    }
    const r = await api("/routines", {method: "POST", body: {name: $("routine-name").value.trim(), items}});
    if (!r.ok) { $("routine-error").textContent = errorText(r.data, "Could not save the routine"); return; }
    $("routine-form").reset(); $("routine-items").replaceChildren(); $("routine-new").open = false;
    announce(`Saved ${r.data.name}`);
    openRoutines();
  });
}
