// Spotter web app: sign in, today's workout, push-to-talk over /api/v1/voice/stream, chat, progress.
"use strict";
const API = "/api/v1";
const $ = (id) => document.getElementById(id);
let tokens = JSON.parse(localStorage.getItem("spotter.tokens") || "null");

async function api(path, options = {}, retry = true) {
  const headers = Object.assign({"Content-Type": "application/json"}, options.headers || {});
  if (tokens) headers.Authorization = "Bearer " + tokens.access_token;
  const r = await fetch(API + path, Object.assign({}, options, {headers}));
  if (r.status === 401 && tokens && retry) {
    const ref = await fetch(API + "/auth/refresh", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({refresh_token: tokens.refresh_token})});
    if (ref.ok) { save(await ref.json()); return api(path, options, false); }
    signOut();
  }
  return r;
}

function save(t) { tokens = t; localStorage.setItem("spotter.tokens", JSON.stringify(t)); }
function signOut() { tokens = null; localStorage.removeItem("spotter.tokens"); show(); }

async function authenticate(kind) {
  $("auth-error").textContent = "";
  const r = await fetch(API + "/auth/" + kind, {method: "POST", headers: {"Content-Type": "application/json"},
    // device_name names a login; registration takes only the account's fields (unknown fields are a 422)
    body: JSON.stringify({email: $("email").value, password: $("password").value,
      ...(kind === "login" ? {device_name: "web"} : {})})});
  const body = await r.json();
  if (!r.ok) { $("auth-error").textContent = body.error ? body.error.message : "Could not sign in"; return; }
  save(body); show();
}

function say(text, who) {
  const p = document.createElement("p");
  p.className = who; p.textContent = text;
  $("log").appendChild(p); $("log").scrollTop = $("log").scrollHeight;
}

async function refreshToday() {
  const r = await api("/workouts/active");
  const list = $("today"); list.innerHTML = "";
  if (!r.ok) { $("today-empty").hidden = false; return; }
  const w = await r.json();
  $("today-empty").hidden = w.sets.length > 0;
  for (const s of w.sets) {
    const li = document.createElement("li");
    if (s.completed === false) {  // planned, to do: its targets
      const target = s.target_weight != null ? ` @ ${s.target_weight} ${s.unit || ""}` : "";
      li.textContent = `${s.exercise_name}: planned ${s.target_reps != null ? s.target_reps + " reps" : ""}${target}`;
      li.className = "planned";
    } else {
      const load = s.weight != null ? ` @ ${s.weight} ${s.unit || ""}` : (s.bodyweight ? " bodyweight" : "");
      li.textContent = `${s.exercise_name}: ${s.reps != null ? s.reps + " reps" : ""}${load}`;
    }
    li.dataset.exercise = s.exercise;
    list.appendChild(li);
  }
  await refreshLifts(w.sets);
}

async function refreshLifts(sets) {
  const select = $("lift");
  const known = new Set([...select.options].map((o) => o.value));
  for (const s of sets) {
    if (!known.has(s.exercise)) { select.add(new Option(s.exercise_name, s.exercise)); known.add(s.exercise); }
  }
  if (select.value) await drawChart(select.value);
}

async function drawChart(slug) {
  const r = await api("/analytics/progress?exercise=" + encodeURIComponent(slug));
  const svg = $("chart"); svg.innerHTML = "";
  if (!r.ok) return;
  const {data, unit} = await r.json();
  if (!data.length) return;
  const ys = data.map((d) => d.best_e1rm), lo = Math.min(...ys) * 0.95, hi = Math.max(...ys) * 1.05 || 1;
  const x = (i) => 20 + (data.length === 1 ? 140 : i * 280 / (data.length - 1));
  const y = (v) => 140 - (v - lo) / (hi - lo || 1) * 120;
  const points = data.map((d, i) => `${x(i)},${y(d.best_e1rm)}`).join(" ");
  svg.innerHTML = `<polyline fill="none" stroke="#2b6" stroke-width="2" points="${points}"/>` +
    data.map((d, i) => `<circle cx="${x(i)}" cy="${y(d.best_e1rm)}" r="3"><title>${d.date}: e1RM ${d.best_e1rm} ${unit}</title></circle>`).join("") +
    `<text x="4" y="14" font-size="10">e1RM (${unit})</text>`;
}

async function send(text) {
  say(text, "me");
  const r = await api("/assistant/messages", {method: "POST", body: JSON.stringify({text, channel: "web"})});
  const body = await r.json();
  say(body.reply || (body.error && body.error.message) || "…", "bot");
  await refreshToday();
}

// Push to talk: microphone -> 16 kHz PCM s16le frames -> the voice stream.
const talk = {ws: null, ctx: null, source: null, node: null, stream: null};

function downsample(input, rate) {
  const ratio = rate / 16000, out = new Int16Array(Math.floor(input.length / ratio));
  for (let i = 0; i < out.length; i++) {
    const v = Math.max(-1, Math.min(1, input[Math.floor(i * ratio)]));
    out[i] = v < 0 ? v * 0x8000 : v * 0x7fff;
  }
  return out;
}

async function startTalking() {
  if (talk.ws) return;
  $("talk").setAttribute("aria-pressed", "true"); $("status").textContent = "Listening…";
  const proto = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(proto + location.host + API + "/voice/stream");
  ws.binaryType = "arraybuffer";
  talk.ws = ws;
  ws.onmessage = (m) => {
    if (typeof m.data !== "string") return;
    const e = JSON.parse(m.data);
    if (e.type === "vad") $("status").textContent = e.speaking ? "Hearing you…" : "Thinking…";
    if (e.type === "transcript" && e.final) $("heard").textContent = e.text ? `“${e.text}”` : "";
    if (e.type === "reply") { say(e.text, "bot"); $("status").textContent = "Ready."; refreshToday(); }
    if (e.type === "error") $("status").textContent = e.message;
  };
  await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
  ws.send(JSON.stringify({type: "start", token: tokens.access_token, sample_rate: 16000, encoding: "pcm_s16le"}));
  talk.stream = await navigator.mediaDevices.getUserMedia({audio: {channelCount: 1, echoCancellation: true}});
  talk.ctx = new AudioContext();
  talk.source = talk.ctx.createMediaStreamSource(talk.stream);
  talk.node = talk.ctx.createScriptProcessor(4096, 1, 1);
  talk.node.onaudioprocess = (ev) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(downsample(ev.inputBuffer.getChannelData(0), talk.ctx.sampleRate).buffer);
  };
  talk.source.connect(talk.node); talk.node.connect(talk.ctx.destination);
}

function stopTalking() {
  if (!talk.ws) return;
  $("talk").setAttribute("aria-pressed", "false");
  if (talk.node) talk.node.disconnect();
  if (talk.source) talk.source.disconnect();
  if (talk.stream) talk.stream.getTracks().forEach((t) => t.stop());
  if (talk.ctx) talk.ctx.close();
  if (talk.ws.readyState === WebSocket.OPEN) talk.ws.send(JSON.stringify({type: "stop"}));
  talk.ws = talk.ctx = talk.source = talk.node = talk.stream = null;
}

async function show() {
  const signedIn = !!tokens;
  $("signin").hidden = signedIn; $("app").hidden = !signedIn; $("signout").hidden = !signedIn;
  $("who").textContent = signedIn ? tokens.user.email : "";
  if (signedIn) await refreshToday();
}

$("auth-form").addEventListener("submit", (e) => { e.preventDefault(); authenticate("login"); });
$("register").addEventListener("click", () => authenticate("register"));
$("signout").addEventListener("click", signOut);
$("chat-form").addEventListener("submit", (e) => { e.preventDefault(); const t = $("chat").value.trim(); $("chat").value = ""; if (t) send(t); });
$("lift").addEventListener("change", (e) => drawChart(e.target.value));
$("link").addEventListener("click", async () => {
  const r = await api("/me/link-codes", {method: "POST"});
  const body = await r.json();
  $("link-code").textContent = r.ok
    ? `Send "/start ${body.code}" to the Spotter bot on Telegram, or text "LINK ${body.code}" to Spotter's number. It works once, for 10 minutes.`
    : (body.error ? body.error.message : "Could not get a code");
});
for (const [down, up] of [["mousedown", "mouseup"], ["touchstart", "touchend"]]) {
  $("talk").addEventListener(down, (e) => { e.preventDefault(); startTalking(); });
  $("talk").addEventListener(up, (e) => { e.preventDefault(); stopTalking(); });
}
$("talk").addEventListener("mouseleave", stopTalking);
window.spotter = {startTalking, stopTalking, send, refreshToday};
show();
