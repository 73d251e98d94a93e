// Spotter's service worker: shows the notifications the server pushes (records, goals met, rest
// over, reminders) and brings the app forward when one is clicked. Served at /sw.js so that its
// scope is the whole app. The push's data is JSON: {title, body, tag, url, type, at}.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {body: event.data ? event.data.text() : ""}; }
  const title = data.title || "Spotter";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    tag: data.tag || data.type || "spotter",
    renotify: data.type === "rest.ended",
    data: {url: data.url || "/"},
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then((windows) => {
    const open = windows.find((w) => new URL(w.url).pathname === new URL(url, self.location.origin).pathname);
    return open ? open.focus() : self.clients.openWindow(url);
  }));
});

// The browser renewed the subscription (keys or endpoint changed): tell the page to subscribe again.
self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(self.clients.matchAll({type: "window"}).then((windows) => {
    windows.forEach((w) => w.postMessage({type: "push.resubscribe"}));
  }));
});
