// Pages by the URL's hash (#today, #history, …): one section shown, its nav link marked current,
// its heading focused (a screen reader says where it landed), its data read as it opens.
import {$} from "./dom.js";

let pages = {};
let first = true;

export function definePages(map) { pages = map; }

export const currentPage = () => {
  const name = location.hash.slice(1);
  return name in pages ? name : "today";
};

export async function route() {
  const name = currentPage();
  for (const page of Object.keys(pages)) $(`page-${page}`).hidden = page !== name;
  document.querySelectorAll("#nav a").forEach((a) => {
    if (a.getAttribute("href") === `#${name}`) {
      a.setAttribute("aria-current", "page");
      a.scrollIntoView({block: "nearest", inline: "nearest"});  // the phone's tabs scroll sideways to it
    }
    else a.removeAttribute("aria-current");
  });
  const title = $(`${name}-title`);
  document.title = `${title.textContent} · Spotter`;
  if (!first) title.focus();
  first = false;
  const page = $(`page-${name}`);
  page.dataset.ready = "no";
  await pages[name]();
  page.dataset.ready = "yes";
}

export function initNav(signedIn) {
  window.addEventListener("hashchange", () => { if (signedIn()) route(); });
  window.addEventListener("resize", () => {  // a phone turned: the current tab stays in sight
    const current = document.querySelector('#nav a[aria-current="page"]');
    if (current) current.scrollIntoView({block: "nearest", inline: "nearest"});
  });
}
