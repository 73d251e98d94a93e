// Event sockets (README "Live events"): /workouts/{id}/live and /events. Authenticates with the
// access token, resumes from the last event id after a drop (backing off), refreshes the token on
// 4401 and stops on 4404 (the workout is not live any more).
import {refresh, session, socketUrl} from "./api.js";

const GONE = 4404, NOT_SIGNED_IN = 4401;

export function openEvents(path, {types, onEvent, onGone} = {}) {
  let ws = null, lastId = null, stopped = false, delay = 500, timer = null;

  function connect() {
    if (stopped || !session.signedIn) return;
    ws = new WebSocket(socketUrl(path));
    ws.onopen = () => ws.send(JSON.stringify(Object.assign({type: "auth", token: session.accessToken},
      lastId ? {last_event_id: lastId} : {}, types ? {types} : {})));
    ws.onmessage = (m) => {
      const event = JSON.parse(m.data);
      if (event.type === "ping" || event.type === "pong") return;
      if (event.type === "ready") { delay = 500; if (event.last_event_id && !lastId) lastId = event.last_event_id; }
      if (event.id) lastId = event.id;
      if (onEvent) onEvent(event);
    };
    ws.onclose = async (closed) => {
      if (stopped) return;
      if (closed.code === GONE) { if (onGone) onGone(); return; }
      if (closed.code === NOT_SIGNED_IN && !(await refresh())) return;
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 15000);
    };
  }

  connect();
  return {
    close() { stopped = true; clearTimeout(timer); if (ws) ws.close(); },
    get open() { return !!ws && ws.readyState === WebSocket.OPEN; },
  };
}
