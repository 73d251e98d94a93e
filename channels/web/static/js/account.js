// The account page: where mailed links lead (the token after "#", never sent to a server in a URL)
// and, for the signed-in lifter (#two-factor), two-factor sign-in: set up, turn on, turn off.
import {api, post, session} from "./api.js";
import {$, el, errorText} from "./dom.js";

const [action, token] = location.hash.slice(1).split("=");
if (action !== "two-factor") history.replaceState(null, "", location.pathname);

async function twoFactor() {
  $("two-factor").hidden = false;
  if (!session.signedIn) { $("twofa-status").append("Sign in first: ", el("a", {href: "/"}, "open Spotter")); return; }
  const me = await api("/me");
  if (!me.ok) { $("twofa-status").textContent = errorText(me.data, "Could not read your account"); return; }
  const on = me.data.two_factor_enabled;
  $("twofa-status").textContent = on ? "On: signing in asks for a code from your app." : "Off: signing in asks for the password only.";
  $("twofa-disable").hidden = !on;
  $("twofa-start").hidden = on;
}

$("twofa-start").addEventListener("click", async () => {
  const r = await api("/auth/2fa/setup", {method: "POST"});
  if (!r.ok) { $("twofa-status").textContent = errorText(r.data, "Could not set it up"); return; }
  $("twofa-qr").innerHTML = r.data.qr_svg;  // an SVG this server drew from the otpauth URI
  const qr = $("twofa-qr").querySelector("svg");
  if (qr) qr.setAttribute("aria-hidden", "true");  // the box around it is the image a screen reader names
  $("twofa-secret").textContent = r.data.secret;
  $("twofa-setup").hidden = false; $("twofa-start").hidden = true;
  $("twofa-code").focus();
});

$("twofa-enable").addEventListener("submit", async (e) => {
  e.preventDefault();
  const r = await api("/auth/2fa/enable", {method: "POST", body: {code: $("twofa-code").value.trim()}});
  if (!r.ok) { $("twofa-status").textContent = errorText(r.data, "That code is not right"); return; }
  $("twofa-setup").hidden = true;
  $("twofa-code-list").replaceChildren(...r.data.recovery_codes.map((c) => el("li", {}, el("code", {}, c))));
  $("twofa-codes").hidden = false;
  $("twofa-status").textContent = "On: signing in asks for a code from your app.";
});

$("twofa-disable").addEventListener("submit", async (e) => {
  e.preventDefault();
  const given = $("twofa-off").value.trim();
  const kind = document.querySelector("input[name=twofa-with]:checked").value;
  const r = await api("/auth/2fa/disable", {method: "POST", body: {[kind]: given}});
  if (!r.ok) { $("twofa-status").textContent = errorText(r.data, "That did not match"); return; }
  $("twofa-off").value = "";
  twoFactor();
});

if (action === "verify-email" && token) {
  $("verify").hidden = false;
  post("/auth/verify-email", {token}).then((r) => {
    $("verify-status").textContent = r.ok ? `Thank you: ${r.data.email} is confirmed.` : errorText(r.data, "Something went wrong");
  });
} else if (action === "reset-password" && token) {
  $("reset").hidden = false;
  $("reset-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const r = await post("/auth/password-reset", {token, new_password: $("new-password").value});
    $("reset-status").textContent = r.ok ? "Done: every device was signed out. Sign in with the new password." : errorText(r.data, "Something went wrong");
    if (r.ok) $("reset-form").hidden = true;
  });
} else if (action === "two-factor") {
  twoFactor();
} else {
  $("nothing").hidden = false;
}
