// Notifications and reminders on the settings page: this browser subscribed to web push (the
// service worker at /sw.js, permission asked on a click, the subscription sent to
// POST /push/subscriptions) and the lifter's reminders (/reminders: a local time, days, a channel).
import {api, session} from "./api.js";
import {$, el, errorText} from "./dom.js";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_NAMES = {mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun"};

export function pushSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

function keyBytes(base64url) {
  const text = (base64url + "=".repeat((4 - base64url.length % 4) % 4)).replaceAll("-", "+").replaceAll("_", "/");
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function registration() {
  return navigator.serviceWorker.register("/sw.js", {scope: "/"});
}

async function current() {
  if (!pushSupported()) return null;
  const reg = await navigator.serviceWorker.getRegistration("/");
  return reg ? reg.pushManager.getSubscription() : null;
}

// Ask for permission (only ever on a click), subscribe with the server's VAPID key, tell the server.
export async function enablePush() {
  if (!pushSupported()) return {ok: false, message: "This browser cannot show notifications from Spotter."};
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return {ok: false, message: "Notifications are blocked for this site."};
  const key = await api("/push/key");
  if (!key.ok) return {ok: false, message: errorText(key.data, "Could not reach the server")};
  const reg = await registration();
  await navigator.serviceWorker.ready;
  let sub = await reg.pushManager.getSubscription();
  if (!sub) sub = await reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: keyBytes(key.data.public_key)});
  const r = await api("/push/subscriptions", {method: "POST", body: sub.toJSON()});
  return {ok: r.ok, message: r.ok ? "Notifications are on for this browser." : errorText(r.data, "Could not subscribe")};
}

export async function disablePush() {
  const sub = await current();
  if (!sub) return;
  await api("/push/subscriptions?endpoint=" + encodeURIComponent(sub.endpoint), {method: "DELETE"});
  await sub.unsubscribe();
}

async function showPushState() {
  const button = $("push-toggle"), state = $("push-state");
  if (!pushSupported()) {
    state.textContent = "This browser cannot show notifications from Spotter.";
    button.hidden = true;
    return;
  }
  const on = !!(await current()) && Notification.permission === "granted";
  state.textContent = on ? "On for this browser: records, goals met, rest over and reminders." : "Off for this browser.";
  button.textContent = on ? "Turn notifications off" : "Turn notifications on";
  button.dataset.on = on ? "1" : "";
}

function reminderItem(r) {
  const days = r.days.length === 7 ? "every day" : r.days.map((d) => DAY_NAMES[d]).join(", ");
  const toggle = el("button", {type: "button", onclick: async () => {
    await api(`/reminders/${r.id}`, {method: "PATCH", body: {enabled: !r.enabled}});
    openReminders();
  }}, r.enabled ? "Pause" : "Resume");
  const remove = el("button", {type: "button", "aria-label": `Delete the ${r.at} reminder`, onclick: async () => {
    await api(`/reminders/${r.id}`, {method: "DELETE"});
    openReminders();
  }}, "Delete");
  return el("li", {}, el("strong", {}, r.at), ` ${days} by ${r.channel}`,
    r.message ? ` — “${r.message}”` : "", r.enabled ? "" : " (paused)", " ", toggle, " ", remove);
}

export async function openReminders() {
  await showPushState();
  const r = await api("/reminders");
  if (!r.ok) return;
  $("reminders").replaceChildren(...r.data.map(reminderItem));
  $("reminders-empty").hidden = r.data.length > 0;
  if (r.data[0]) $("reminders-zone").textContent = `Times are in ${r.data[0].timezone.replaceAll("_", " ")}.`;
}

export function initPush() {
  const days = $("reminder-days");
  if (!days.querySelector("input")) {
    days.append(...DAYS.map((d) => el("label", {}, el("input", {type: "checkbox", name: "day", value: d,
      checked: !["sat", "sun"].includes(d)}), ` ${DAY_NAMES[d]}`)));
  }
  $("push-toggle").addEventListener("click", async () => {
    const on = $("push-toggle").dataset.on;
    if (on) { await disablePush(); $("push-status").textContent = "Notifications are off for this browser."; }
    else $("push-status").textContent = (await enablePush()).message;
    showPushState();
  });
  $("reminder-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = [...document.querySelectorAll("#reminder-days input:checked")].map((i) => i.value);
    const body = {at: $("reminder-at").value, days: chosen, channel: $("reminder-channel").value};
    const message = $("reminder-message").value.trim();
    if (message) body.message = message;
    const r = await api("/reminders", {method: "POST", body});
    $("reminder-status").textContent = r.ok ? "Reminder saved." : errorText(r.data, "Could not save the reminder");
    if (r.ok) openReminders();
  });
  if (pushSupported()) {
    // Signed out: this browser stops showing the account's notifications (its push service then
    // answers 410, and the server forgets the subscription).
    session.onChange(async () => { if (!session.signedIn) { const sub = await current(); if (sub) await sub.unsubscribe(); } });
    navigator.serviceWorker.addEventListener("message", (e) => { if (e.data && e.data.type === "push.resubscribe") enablePush(); });
  }
}
