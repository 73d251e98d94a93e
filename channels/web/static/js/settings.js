// Settings: units and time zone (PATCH /me), two-factor sign-in's state with a link to the
// account page that manages it, a code to link Telegram or a phone number, notifications and
// reminders (js/push.js).
import {api, updateUser} from "./api.js";
import {$, errorText} from "./dom.js";
import {initPush, openReminders} from "./push.js";

function zones(current) {
  const all = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...all])].filter(Boolean);
}

export async function openSettings() {
  const r = await api("/me");
  if (!r.ok) return;
  const me = r.data;
  updateUser(me);
  document.querySelectorAll("#settings-form input[name=unit]").forEach((i) => { i.checked = i.value === me.unit_pref; });
  const select = $("timezone");
  if (select.options.length < 2) select.replaceChildren(...zones(me.timezone).map((z) => new Option(z.replaceAll("_", " "), z)));
  select.value = me.timezone;
  $("twofa-state").textContent = me.two_factor_enabled ? "On: signing in asks for a code." : "Off.";
  $("twofa-link").textContent = me.two_factor_enabled ? "Manage two-factor sign-in" : "Turn on two-factor sign-in";
  openReminders();
}

export function initSettings() {
  initPush();
  $("settings-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const unit = document.querySelector("#settings-form input[name=unit]:checked");
    const r = await api("/me", {method: "PATCH", body: {unit_pref: unit ? unit.value : undefined, timezone: $("timezone").value}});
    $("settings-status").textContent = r.ok ? "Saved." : errorText(r.data, "Could not save");
    if (r.ok) updateUser(r.data);
  });
  $("link").addEventListener("click", async () => {
    const r = await api("/me/link-codes", {method: "POST"});
    $("link-code").textContent = r.ok
      ? `Send "/start ${r.data.code}" to the Spotter bot on Telegram, or text "LINK ${r.data.code}" to Spotter's number. It works once, for 10 minutes.`
      : errorText(r.data, "Could not get a code");
  });
}
