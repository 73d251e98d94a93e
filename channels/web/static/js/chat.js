// The chat with the assistant, kept across reloads in localStorage (per lifter, the last 200
// lines; forgotten on sign-out, so a shared computer does not show it to the next person).
import {api, session} from "./api.js";
import {$, el, errorText} from "./dom.js";

const KEPT = 200;
const key = () => session.user ? `spotter.chat.${session.user.id}` : null;
let sending = Promise.resolve();

function line(text, who) {
  return el("p", {class: who}, el("span", {class: "sr-only"}, who === "me" ? "You: " : "Spotter: "), text);
}

function scroll() { const log = $("log"); log.scrollTop = log.scrollHeight; }

export function say(text, who) {
  if (!text) return;
  $("log").append(line(text, who));
  scroll();
  const k = key();
  if (!k) return;
  const kept = JSON.parse(localStorage.getItem(k) || "[]");
  kept.push({who, text, at: new Date().toISOString()});
  localStorage.setItem(k, JSON.stringify(kept.slice(-KEPT)));
}

export function loadChat() {
  const k = key();
  const kept = k ? JSON.parse(localStorage.getItem(k) || "[]") : [];
  $("log").replaceChildren(...kept.map((m) => line(m.text, m.who)));
  scroll();
}

export function forgetChat(user) {
  if (user) localStorage.removeItem(`spotter.chat.${user.id}`);
  $("log").replaceChildren();
}

// One message at a time, in order: the conversation reads them as said.
export function send(text) {
  sending = sending.then(async () => {
    say(text, "me");
    const r = await api("/assistant/messages", {method: "POST", body: {text, channel: "web"}});
    say(r.ok ? r.data.reply || "…" : errorText(r.data, "Something went wrong"), "bot");
    return r;
  });
  return sending;
}

export function initChat(afterReply) {
  $("chat-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("chat").value.trim();
    $("chat").value = "";
    if (!text) return;
    await send(text);
    afterReply();
  });
}
