// Hold to talk: the microphone as 16 kHz PCM frames to the voice socket (/voice/stream) while the
// button or the space bar is held; the transcript as it comes, the reply in the chat.
import {session, socketUrl} from "./api.js";
import {$} from "./dom.js";
import {say} from "./chat.js";
import {loadToday} from "./today.js";

const talk = {ws: null, ctx: null, source: null, node: null, stream: null};
let byKey = false;  // talking while Space is held: its release stops

function downsample(input, rate) {
  const ratio = rate / 16000, out = new Int16Array(Math.floor(input.length / ratio));
  for (let i = 0; i < out.length; i++) {
    const v = Math.max(-1, Math.min(1, input[Math.floor(i * ratio)]));
    out[i] = v < 0 ? v * 0x8000 : v * 0x7fff;
  }
  return out;
}

function onVoiceEvent(m) {
  if (typeof m.data !== "string") return;
  const e = JSON.parse(m.data);
  if (e.type === "vad") $("status").textContent = e.speaking ? "Hearing you…" : "Thinking…";
  if (e.type === "transcript" && e.final === false) $("partial").textContent = e.text ? `${e.text}…` : "";
  if (e.type === "transcript" && e.final !== false) {
    $("partial").textContent = "";
    $("heard").textContent = e.text ? `“${e.text}”` : "";
    if (e.text) say(e.text, "me");
  }
  if (e.type === "reply") { say(e.text, "bot"); $("status").textContent = "Ready."; loadToday(); }
  if (e.type === "error") $("status").textContent = e.message;
}

export async function startTalking() {
  if (talk.ws || !session.signedIn) return;
  $("talk").setAttribute("aria-pressed", "true");
  $("talk").textContent = "Listening… release to stop";
  $("status").textContent = "Listening…";
  const ws = new WebSocket(socketUrl("/voice/stream"));
  ws.binaryType = "arraybuffer";
  talk.ws = ws;
  ws.onmessage = onVoiceEvent;
  try {
    await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
    ws.send(JSON.stringify({type: "start", token: session.accessToken, sample_rate: 16000, encoding: "pcm_s16le",
      partials: true}));
    talk.stream = await navigator.mediaDevices.getUserMedia({audio: {channelCount: 1, echoCancellation: true}});
  } catch (e) {
    $("status").textContent = "The microphone or the voice service is not available.";
    stopTalking();
    return;
  }
  if (talk.ws !== ws) { talk.stream.getTracks().forEach((t) => t.stop()); talk.stream = null; return; }  // let go already
  talk.ctx = new AudioContext();
  talk.source = talk.ctx.createMediaStreamSource(talk.stream);
  talk.node = talk.ctx.createScriptProcessor(4096, 1, 1);
  talk.node.onaudioprocess = (ev) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(downsample(ev.inputBuffer.getChannelData(0), talk.ctx.sampleRate).buffer);
  };
  talk.source.connect(talk.node); talk.node.connect(talk.ctx.destination);
}

export function stopTalking() {
  if (!talk.ws) return;
  $("talk").setAttribute("aria-pressed", "false");
  $("talk").textContent = "Hold to talk";
  if (talk.node) talk.node.disconnect();
  if (talk.source) talk.source.disconnect();
  if (talk.stream) talk.stream.getTracks().forEach((t) => t.stop());
  if (talk.ctx) talk.ctx.close();
  if (talk.ws.readyState === WebSocket.OPEN) talk.ws.send(JSON.stringify({type: "stop"}));
  talk.ws = talk.ctx = talk.source = talk.node = talk.stream = null;
}

// Space held on Today talks, as the button held does, except where Space has its own job (typing,
// pressing another button, opening a link or a summary).
const ownSpace = (t) => !!t && t.id !== "talk" && !!t.closest && !!t.closest("input, textarea, select, button, a, summary, [contenteditable]");
const onToday = () => !$("page-today").hidden && !$("app").hidden;

export function initTalk() {
  const button = $("talk");
  button.addEventListener("pointerdown", (e) => { e.preventDefault(); button.setPointerCapture(e.pointerId); startTalking(); });
  button.addEventListener("pointerup", stopTalking);
  button.addEventListener("pointercancel", stopTalking);
  button.addEventListener("contextmenu", (e) => e.preventDefault());  // a long press on a phone
  document.addEventListener("keydown", (e) => {
    if (e.code !== "Space" || ownSpace(e.target) || !onToday()) return;
    e.preventDefault();
    if (!e.repeat && !talk.ws) { byKey = true; startTalking(); }
  });
  document.addEventListener("keyup", (e) => {
    if (e.code !== "Space" || !byKey) return;
    e.preventDefault();
    byKey = false;
    stopTalking();
  });
}
