// A line chart as inline SVG: a time axis with dates, a value axis with round ticks and its unit,
// the points (each with a tooltip), a label for screen readers and the numbers as a table.
import {el} from "./dom.js";
import {dayLabel, round} from "./time.js";

const NS = "http://www.w3.org/2000/svg";
const LEFT = 66, RIGHT = 16, TOP = 16, BOTTOM = 40;
const DAY_MS = 86400000;

function s(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text != null) node.textContent = text;
  return node;
}

// 1, 2, 2.5 or 5 times a power of ten: about `count` steps from lo to hi.
function ticks(lo, hi, count = 5) {
  const raw = (hi - lo) / count, power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(round(v, 6));
  return out;
}

const toMs = (day) => Date.parse(day + "T00:00:00Z");

// Each chart is drawn again when its width changes (shown after being hidden, a phone turned).
const drawn = new WeakMap();
const resized = new ResizeObserver((entries) => {
  for (const {target, contentRect} of entries) {
    const last = drawn.get(target);
    if (last && contentRect.width && Math.abs(contentRect.width - last.width) > 8) {
      requestAnimationFrame(() => {  // after this layout, with what was drawn last by then
        const now = drawn.get(target);
        drawChart(target, now.table, now.chart);
      });
    }
  }
});

// points: [{date: "YYYY-MM-DD", value, note?}], label: "e1RM", unit: "lb".
// Drawn at the size it is shown (text stays readable on a phone); 600 wide while hidden.
export function drawChart(svg, table, {points, label, unit, title}) {
  svg.replaceChildren();
  const W = Math.round(svg.getBoundingClientRect().width) || 600, H = Math.round(Math.min(320, Math.max(220, W * 0.45)));
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  drawn.set(svg, {width: W, table, chart: {points, label, unit, title}});
  resized.observe(svg);
  const name = `${title}: ${label} in ${unit}`;
  if (!points.length) {
    svg.setAttribute("aria-label", `${name}: no data yet`);
    svg.append(s("text", {x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty"}, "No data yet"));
    if (table) table.replaceChildren();
    return;
  }
  const values = points.map((p) => p.value);
  let lo = Math.min(...values), hi = Math.max(...values);
  const pad = (hi - lo) * 0.1 || Math.max(Math.abs(hi) * 0.1, 1);
  lo = Math.max(0, lo - pad); hi += pad;
  const yt = ticks(lo, hi, 6);
  lo = Math.min(lo, yt[0]); hi = Math.max(hi, yt[yt.length - 1]);
  let t0 = toMs(points[0].date), t1 = toMs(points[points.length - 1].date);
  if (t1 - t0 < 6 * DAY_MS) {
    const mid = (t0 + t1) / 2;
    t0 = Math.floor((mid - 3 * DAY_MS) / DAY_MS) * DAY_MS; t1 = Math.ceil((mid + 3 * DAY_MS) / DAY_MS) * DAY_MS;
  }
  const x = (day) => LEFT + (toMs(day) - t0) / (t1 - t0) * (W - LEFT - RIGHT);
  const y = (v) => H - BOTTOM - (v - lo) / (hi - lo) * (H - TOP - BOTTOM);

  const axes = s("g", {class: "axes", "aria-hidden": "true"});
  for (const v of yt) {
    axes.append(s("line", {x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v), class: "grid"}));
    axes.append(s("text", {x: LEFT - 6, y: y(v) + 4, "text-anchor": "end", class: "tick"}, round(v, 2).toLocaleString()));
  }
  const span = t1 - t0, years = new Date(t0).getUTCFullYear() !== new Date(t1).getUTCFullYear();
  const stepDays = Math.max(1, Math.round(span / DAY_MS / Math.max(3, Math.floor(W / 110))));
  for (let t = t0; t <= t1 + 1; t += stepDays * DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10), px = x(day);
    axes.append(s("line", {x1: px, x2: px, y1: H - BOTTOM, y2: H - BOTTOM + 5, class: "axis"}));
    const anchor = px > W - RIGHT - 30 ? "end" : "middle";  // the last date stays inside
    axes.append(s("text", {x: px, y: H - BOTTOM + 18, "text-anchor": anchor, class: "tick date"}, dayLabel(day, years)));
  }
  axes.append(s("line", {x1: LEFT, x2: LEFT, y1: TOP, y2: H - BOTTOM, class: "axis"}));
  axes.append(s("line", {x1: LEFT, x2: W - RIGHT, y1: H - BOTTOM, y2: H - BOTTOM, class: "axis"}));
  axes.append(s("text", {x: 14, y: (TOP + H - BOTTOM) / 2, "text-anchor": "middle", class: "unit",
    transform: `rotate(-90 14 ${(TOP + H - BOTTOM) / 2})`}, `${label} (${unit})`));
  svg.append(axes);

  svg.append(s("polyline", {class: "line", points: points.map((p) => `${x(p.date)},${y(p.value)}`).join(" ")}));
  for (const p of points) {
    const dot = s("circle", {cx: x(p.date), cy: y(p.value), r: 4, class: "dot"});
    dot.append(s("title", {}, `${dayLabel(p.date, true)}: ${round(p.value, 2)} ${unit}${p.note ? " (" + p.note + ")" : ""}`));
    svg.append(dot);
  }
  const last = points[points.length - 1];
  svg.setAttribute("aria-label", `${name}, ${points.length} point${points.length === 1 ? "" : "s"} from ` +
    `${dayLabel(points[0].date, true)} to ${dayLabel(last.date, true)}; lowest ${round(Math.min(...values), 2)}, ` +
    `highest ${round(Math.max(...values), 2)}, latest ${round(last.value, 2)} ${unit}`);
  if (table) fillTable(table, points, label, unit);
}

function fillTable(holder, points, label, unit) {
  const rows = points.slice().reverse().map((p) =>
    el("tr", {}, el("td", {}, dayLabel(p.date, true)), el("td", {}, `${round(p.value, 2)} ${unit}`), el("td", {}, p.note || "")));
  holder.replaceChildren(el("details", {}, el("summary", {}, "The numbers"),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {scope: "col"}, "Date"), el("th", {scope: "col"}, label),
      el("th", {scope: "col"}, ""))), el("tbody", {}, rows))));
}
