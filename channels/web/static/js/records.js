// The records board (/analytics/prs): each lift's heaviest set, best e1RM, best set and session
// volume; a lift's name opens its chart.
import {api} from "./api.js";
import {$, el} from "./dom.js";
import {chartLift} from "./charts.js";
import {dayLabel, localDay, round} from "./time.js";

function cell(record, unit, what) {
  if (!record) return el("td", {class: "muted"}, "—");
  const text = what === "set" ? `${record.weight} ${unit} × ${record.reps}` : `${round(record.value, 1).toLocaleString()} ${unit}`;
  return el("td", {}, text, el("br"), el("small", {class: "muted"}, dayLabel(localDay(new Date(record.achieved_at)), true)));
}

export async function openRecords() {
  const r = await api("/analytics/prs");
  const rows = r.ok ? r.data.data : [];
  const unit = r.ok ? r.data.unit : "";
  $("records").querySelector("tbody").replaceChildren(...rows.map((x) => el("tr", {},
    el("th", {scope: "row"}, el("a", {href: "#charts", onclick: () => chartLift(x.exercise, x.name)}, x.name)),
    cell(x.heaviest, unit, "set"), cell(x.e1rm, unit), cell(x.set_volume, unit), cell(x.session_volume, unit))));
  $("records-empty").hidden = rows.length > 0;
}
