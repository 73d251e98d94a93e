// Dates in the lifter's time zone (the `timezone` of /me), as the API counts local days and weeks.
import {session} from "./api.js";

export const zone = () => (session.user && session.user.timezone) || "UTC";
export const unit = () => (session.user && session.user.unit_pref) || "lb";

const parts = (when, tz) => Object.fromEntries(new Intl.DateTimeFormat("en-US", {timeZone: tz, hourCycle: "h23",
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit"})
  .formatToParts(when).map((p) => [p.type, p.value]));

// "YYYY-MM-DD" of an instant in the lifter's zone.
export function localDay(when = new Date()) {
  const p = parts(when, zone());
  return `${p.year}-${p.month}-${p.day}`;
}

// The instant a local day begins in the lifter's zone (two passes settle a DST change).
export function dayStart(day) {
  const [y, m, d] = day.split("-").map(Number);
  let guess = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(guess), zone());
    const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
    guess += Date.UTC(y, m - 1, d) - wall;
  }
  return new Date(guess);
}

export function addDays(day, n) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function monday(day) {
  const [y, m, d] = day.split("-").map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

// "Mar 3" (with the year when asked) of a "YYYY-MM-DD" day.
export function dayLabel(day, withYear = false) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-US",
    Object.assign({month: "short", day: "numeric", timeZone: "UTC"}, withYear ? {year: "numeric"} : {}));
}

export function timeLabel(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString("en-US", {timeZone: zone(), weekday: "short", month: "short", day: "numeric",
    hour: "numeric", minute: "2-digit"});
}

export function ago(iso) {
  if (!iso) return "never";
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return timeLabel(iso);
}

export const round = (v, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
