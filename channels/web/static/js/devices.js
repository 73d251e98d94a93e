// Devices: each provider's status with this lifter, when it last synced and how; connect (a phone
// store at once, a cloud through its consent page), sync now, disconnect.
import {api} from "./api.js";
import {$, announce, el, errorText} from "./dom.js";
import {ago} from "./time.js";

const NAMES = {"health-connect": "Health Connect (Android)", "apple-health": "Apple Health", strava: "Strava",
  oura: "Oura", withings: "Withings", garmin: "Garmin", fitbit: "Fitbit"};
const STATUS = {connected: "Connected", reauth: "Needs connecting again", disconnected: "Not connected"};

async function act(path, method, done, status) {
  const r = await api(path, {method});
  if (!r.ok) { status.textContent = errorText(r.data, "That did not work"); return; }
  if (r.data && r.data.authorize_url) { location.assign(r.data.authorize_url); return; }
  announce(done);
  openDevices();
}

async function lastSync(d) {
  if (d.status === "disconnected") return "";
  const r = await api(`/devices/${d.provider}/sync-logs?limit=1`);
  const log = r.ok && r.data.data[0];
  if (!log) return "";
  return log.status === "running" ? " · syncing now…" : ` (${log.status}, ${log.stored} stored)`;
}

async function card(d) {
  const name = NAMES[d.provider] || d.provider, status = el("p", {class: "error", role: "alert"});
  const buttons = el("div", {class: "row"});
  const base = `/devices/${d.provider}`;
  if (!d.available) buttons.append(el("span", {class: "muted small"}, "Not set up on this server"));
  else if (d.status !== "connected") {
    buttons.append(el("button", {type: "button", class: "primary", "aria-label": `Connect ${name}`,
      onclick: () => act(`${base}/connect`, "POST", `${name} connected`, status)}, d.status === "reauth" ? "Connect again" : "Connect"));
  }
  if (d.status !== "disconnected" && d.available && d.kind === "oauth") {
    buttons.append(el("button", {type: "button", "aria-label": `Sync ${name} now`,
      onclick: () => act(`${base}/sync`, "POST", `Syncing ${name}`, status)}, "Sync now"));
  }
  if (d.status !== "disconnected") {
    buttons.append(el("button", {type: "button", class: "quiet", "aria-label": `Disconnect ${name}`,
      onclick: () => act(`${base}?keep_data=true`, "DELETE", `${name} disconnected`, status)}, "Disconnect"));
  }
  const synced = d.status === "disconnected" ? "" : `Last sync: ${ago(d.last_sync_at)}${await lastSync(d)}`;
  return el("li", {class: `card device ${d.status}`, dataset: {provider: d.provider, status: d.status}},
    el("h4", {}, name, " ", el("span", {class: `badge ${d.status}`}, STATUS[d.status])),
    el("p", {class: "small muted"}, d.kind === "push" ? "Your phone sends its records." : "Read from the cloud with your permission."),
    synced ? el("p", {class: "small synced"}, synced) : "",
    buttons, status);
}

// Back from a provider's consent page (/?connected=oura#devices or /?device_error=…#devices): said
// once, then the address is cleaned so a reload does not say it again.
function backFromProvider() {
  const q = new URLSearchParams(location.search);
  const done = q.get("connected"), failed = q.get("device_error");
  if (!done && !failed) return;
  history.replaceState(null, "", location.pathname + location.hash);
  const said = done ? `${NAMES[done] || done} connected.` : `Not connected: ${failed}`;
  $("devices-status").textContent = said;
  $("devices-status").className = done ? "small" : "error";
}

export async function openDevices() {
  backFromProvider();
  const r = await api("/devices");
  if (!r.ok) { $("devices").replaceChildren(el("li", {class: "error"}, errorText(r.data, "Could not read your devices"))); return; }
  const rows = r.data.data.slice().sort((a, b) => (b.available - a.available) || (a.status === "connected" ? -1 : 1));
  $("devices").replaceChildren(...await Promise.all(rows.map(card)));
}
