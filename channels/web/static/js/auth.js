// Sign in or create an account; a second factor asked for in the same form when the account has one.
import {post, saveTokens} from "./api.js";
import {$, errorText} from "./dom.js";

let challenge = null;

async function submit(kind) {
  $("auth-error").textContent = "";
  let r;
  if (challenge) {
    const code = $("code").value.trim();
    r = await post("/auth/login/2fa", Object.assign({challenge_token: challenge}, /^[0-9]{6}$/.test(code) ? {code} : {recovery_code: code}));
  } else {
    // device_name names a login's session; registration takes only the account's fields
    r = await post("/auth/" + kind, Object.assign({email: $("email").value, password: $("password").value},
      kind === "login" ? {device_name: "web"} : {}));
  }
  if (r.status === 202 && r.data.challenge_token) {
    challenge = r.data.challenge_token;
    $("code-row").hidden = false; $("code").required = true; $("code").focus();
    return;
  }
  if (!r.ok) { $("auth-error").textContent = errorText(r.data, challenge ? "Wrong code" : "Could not sign in"); return; }
  challenge = null; $("code-row").hidden = true; $("code").required = false; $("code").value = "";
  $("password").value = "";
  saveTokens(r.data);
}

export function initAuth() {
  $("auth-form").addEventListener("submit", (e) => { e.preventDefault(); submit("login"); });
  $("register").addEventListener("click", () => { if ($("auth-form").reportValidity()) submit("register"); });
}
