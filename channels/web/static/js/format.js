// How a set, a load and a record read in the page.
import {round, unit} from "./time.js";

export function load(weight, unitName) {
  return weight == null ? "" : `${round(weight, 2)} ${unitName || ""}`.trim();
}

// "10 reps @ 135 lb", "12 reps bodyweight", "30 min, 5 km".
export function doneText(s) {
  const bits = [];
  if (s.reps != null) bits.push(`${s.reps} reps`);
  if (s.weight != null) bits.push(`@ ${load(s.weight, s.unit)}`);
  else if (s.bodyweight) bits.push("bodyweight");
  if (s.duration_s != null) bits.push(`${round(s.duration_s / 60)} min`);
  if (s.distance_m != null) bits.push(`${round(s.distance_m / 1000, 2)} km`);
  if (s.rpe != null) bits.push(`RPE ${s.rpe}`);
  return bits.join(" ");
}

// "planned 5 reps @ 185 lb".
export function plannedText(s) {
  const bits = ["planned"];
  if (s.target_reps != null) bits.push(`${s.target_reps} reps`);
  if (s.target_weight != null) bits.push(`@ ${load(s.target_weight, s.unit || unit())}`);
  if (s.target_rpe != null) bits.push(`RPE ${s.target_rpe}`);
  return bits.join(" ");
}

export const setText = (s) => `${s.exercise_name}: ${s.completed === false ? plannedText(s) : doneText(s)}`;

export const carriesPlan = (s) => ["target_reps", "target_weight", "target_rpe", "rest_s"].some((k) => s[k] != null);
