// Small DOM helpers shared by the pages: find by id, build elements, tell screen readers.
export const $ = (id) => document.getElementById(id);

// el("button", {class: "x", onclick: fn, "aria-label": "…"}, "text", child): attributes, listeners, children.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// The polite live region: what changed, said once (cleared first so a repeat is said again).
export function announce(text) {
  const region = $("announce");
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 30);
}

export function errorText(body, fallback) {
  return (body && body.error && body.error.message) || fallback;
}

export function show(node, visible) { node.hidden = !visible; }
