// Spotter web app: the entry module. Each page lives in its own module under js/; this file signs
// in and out, routes between pages and keeps the account's event socket.
import {session, signOut} from "./js/api.js";
import {initAuth} from "./js/auth.js";
import {forgetChat, initChat, loadChat, send} from "./js/chat.js";
import {initCharts, noteLifts, openCharts} from "./js/charts.js";
import {openDevices} from "./js/devices.js";
import {$} from "./js/dom.js";
import {initGoals, openGoals} from "./js/goals.js";
import {initHistory, openHistory} from "./js/history.js";
import {openEvents} from "./js/live.js";
import {currentPage, definePages, initNav, route} from "./js/nav.js";
import {openRecords} from "./js/records.js";
import {initRoutines, openRoutines} from "./js/routines.js";
import {initSettings, openSettings} from "./js/settings.js";
import {initTalk, startTalking, stopTalking} from "./js/talk.js";
import {loadToday, onAccountEvent, onSetsChanged, stopToday} from "./js/today.js";

let events = null, devicesLater = null;

// The account's events: a workout begun elsewhere; a device's records in (the devices page follows).
function onEvent(e) {
  onAccountEvent(e);
  if ((e.type === "sync.finished" || e.type === "metric.logged") && currentPage() === "devices") {
    clearTimeout(devicesLater);
    devicesLater = setTimeout(openDevices, 400);
  }
}

async function show(wasUser) {
  const signedIn = session.signedIn;
  $("signin").hidden = signedIn; $("app").hidden = !signedIn; $("signout").hidden = !signedIn;
  $("who").textContent = signedIn ? session.user.email : "";
  if (!signedIn) {
    if (events) events.close();
    events = null;
    stopToday(); forgetChat(wasUser);
    return;
  }
  loadChat();
  if (!events) events = openEvents("/events", {types: ["workout.*", "sync.finished", "metric.logged"], onEvent});
  await Promise.all([loadToday(), route()]);
}

definePages({
  today: async () => {}, history: openHistory, records: openRecords, charts: openCharts,
  routines: openRoutines, goals: openGoals, devices: openDevices, settings: openSettings,
});
session.onChange(show);
initAuth(); initNav(() => session.signedIn); initTalk(); initChat(loadToday); initHistory(); initCharts(); initRoutines(); initGoals(); initSettings();
onSetsChanged(noteLifts);
$("signout").addEventListener("click", () => signOut());
window.spotter = {startTalking, stopTalking, send, refreshToday: loadToday};
show();
