// The REST API as the signed-in lifter: tokens kept in localStorage, refreshed once on a 401
// (one refresh at a time: refresh tokens rotate, so two at once would spend the same one).
const API = "/api/v1";
const KEY = "spotter.tokens";
let tokens = JSON.parse(localStorage.getItem(KEY) || "null");
let refreshing = null;
const watchers = new Set();

export const session = {
  get signedIn() { return !!tokens; },
  get user() { return tokens ? tokens.user : null; },
  get accessToken() { return tokens ? tokens.access_token : null; },
  onChange(fn) { watchers.add(fn); },
};

export function saveTokens(value) {
  tokens = value;
  localStorage.setItem(KEY, JSON.stringify(value));
  watchers.forEach((fn) => fn());
}

export function updateUser(user) {
  if (tokens) { tokens.user = user; localStorage.setItem(KEY, JSON.stringify(tokens)); }
}

export function signOut() {
  const was = tokens;
  tokens = null;
  localStorage.removeItem(KEY);
  if (was) {
    fetch(API + "/auth/logout", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({refresh_token: was.refresh_token})}).catch(() => {});
  }
  watchers.forEach((fn) => fn(was ? was.user : null));
}

export function refresh() {
  if (!tokens) return Promise.resolve(false);
  refreshing = refreshing || (async () => {
    const r = await fetch(API + "/auth/refresh", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({refresh_token: tokens.refresh_token})});
    if (!r.ok) { signOut(); return false; }
    const fresh = await r.json();
    tokens = Object.assign({}, tokens, fresh);
    localStorage.setItem(KEY, JSON.stringify(tokens));
    return true;
  })().finally(() => { refreshing = null; });
  return refreshing;
}

// api("/workouts/active") → {ok, status, data}; data is the JSON body (null for 204).
export async function api(path, {method = "GET", body, retry = true} = {}) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (tokens) headers.Authorization = "Bearer " + tokens.access_token;
  let r;
  try {
    r = await fetch(API + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    return {ok: false, status: 0, data: {error: {message: "The server could not be reached"}}};
  }
  if (r.status === 401 && tokens && retry && await refresh()) return api(path, {method, body, retry: false});
  const text = await r.text();
  return {ok: r.ok, status: r.status, data: text ? JSON.parse(text) : null};
}

// Sign in or register without a token: {ok, status, data} as api() answers.
export async function post(path, body) {
  const r = await fetch(API + path, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  const text = await r.text();
  return {ok: r.ok, status: r.status, data: text ? JSON.parse(text) : null};
}

export function socketUrl(path) {
  return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + API + path;
}
