// Finding a lift by name (the catalog's typo-tolerant search) for the inputs that take one: the
// shared <datalist id="lift-options"> offers names; slugFor turns a chosen name into its slug.
import {api} from "./api.js";
import {$, el} from "./dom.js";

const known = new Map();  // name (lower case) → {slug, name}
let timer = null;

export function remember(slug, name) { known.set(name.toLowerCase(), {slug, name}); }

// {slug, name} of what was typed: a name offered, else the search's best match (null: none).
export async function resolveLift(text) {
  const q = text.trim();
  if (!q) return null;
  if (known.has(q.toLowerCase())) return known.get(q.toLowerCase());
  const r = await api(`/exercises?search=${encodeURIComponent(q)}&limit=1`);
  if (!r.ok || !r.data.data.length) return null;
  const [x] = r.data.data;
  remember(x.slug, x.name);
  return {slug: x.slug, name: x.name};
}

export function searchAsTyped(input) {
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2 || known.has(q.toLowerCase())) return;
    timer = setTimeout(async () => {
      const r = await api(`/exercises?search=${encodeURIComponent(q)}&limit=8`);
      if (!r.ok) return;
      r.data.data.forEach((x) => remember(x.slug, x.name));
      $("lift-options").replaceChildren(...r.data.data.map((x) => el("option", {value: x.name})));
    }, 200);
  });
}
