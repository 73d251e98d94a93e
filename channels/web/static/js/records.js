// The records board (/analytics/prs): each lift's heaviest set, best e1RM, best set and session
// volume; a lift's name opens its chart.
import {api} from "./api.js";
import {$, el} from "./dom.js";
import {chartLift} from "./charts.js";
import {dayLabel, localDay, round} from "./time.js";

const COLUMNS = ["Heaviest", "e1RM", "Best set volume", "Best session"];

function cell(record, unit, column) {
  if (!record) return el("td", {class: "muted", "data-label": COLUMNS[column]}, "—");
  const text = column === 0 ? `${record.weight} ${unit} × ${record.reps}` : `${round(record.value, 1).toLocaleString()} ${unit}`;
  const day = localDay(new Date(record.achieved_at));
  return el("td", {"data-label": COLUMNS[column]}, text, " ",
    el("small", {class: "muted"}, dayLabel(day, day.slice(0, 4) !== localDay().slice(0, 4))));
}

export async function openRecords() {
  const r = await api("/analytics/prs");
  const rows = r.ok ? r.data.data : [];
  const unit = r.ok ? r.data.unit : "";
  $("records").querySelector("tbody").replaceChildren(...rows.map((x) => el("tr", {},
    el("th", {scope: "row"}, el("a", {href: "#charts", onclick: () => chartLift(x.exercise, x.name)}, x.name)),
    cell(x.heaviest, unit, 0), cell(x.e1rm, unit, 1), cell(x.set_volume, unit, 2), cell(x.session_volume, unit, 3))));
  $("records-empty").hidden = rows.length > 0;
}
