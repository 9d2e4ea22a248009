// The serve page: renders each state the server sends (server-sent events). Everything from
// the outline is set as text (textContent), never as markup. A slide's image URL is its
// content key, so only the slides whose key changed load a new image.
"use strict";

const $ = (id) => document.getElementById(id);
// For tests and the benchmark: when each slide image finished loading (epoch milliseconds).
window.recapdeck = { version: -1, loads: [], state: null };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function seconds(value) {
  return value.toFixed(2) + " s";
}

function status(state) {
  const parts = [];
  if (state.slides.length) parts.push(state.slides.length + " slides");
  if (state.minutes) parts.push("talk ~" + state.minutes + " min" + (state.slot ? " of " + state.slot : ""));
  const r = state.refresh;
  if (r && r.ok) {
    const n = r.rendered.length;
    parts.push("updated in " + seconds(r.total) + " (build " + seconds(r.build) + ", " +
      n + " slide" + (n === 1 ? "" : "s") + " re-rendered" +
      (n ? " in " + seconds(r.convert + r.raster) : "") + ")");
    if (r.office !== "persistent") parts.push("LibreOffice: one per change");
  } else if (r && !r.ok) {
    parts.push("not updated: see the errors");
  }
  const waiting = state.slides.filter((slide) => !slide.ready).length;
  if (waiting) {
    parts.unshift("Rendering slide images: " + (state.slides.length - waiting) + " of " +
      state.slides.length + " done…");
  } else if (state.building) {
    parts.unshift("Rebuilding…");
  }
  const line = $("status");
  line.textContent = parts.join(" · ") || "Building the deck…";
  line.classList.toggle("busy", state.building);
}

function issueItem(issue) {
  const li = el("li");
  if (issue.where) li.append(el("span", "where", issue.where));
  li.append(document.createTextNode((issue.field ? issue.field + ": " : "") + issue.message));
  return li;
}

function issues(listId, items) {
  $(listId).replaceChildren(...items.map(issueItem));
}

function slideCard(number) {
  const card = el("article", "slide");
  card.id = "slide-" + number;
  const figure = el("figure");
  const img = el("img");
  img.width = 960;
  img.height = 540;
  img.decoding = "async";
  img.addEventListener("load", () => {
    window.recapdeck.loads.push({ number: Number(card.dataset.number), key: img.dataset.key,
      at: performance.timeOrigin + performance.now() });
  });
  figure.append(img);
  const text = el("div", "text");
  const title = el("h2");
  title.append(el("span", "num"), el("span", "title"));
  text.append(title, el("p", "meta"), el("p", "notes"));
  card.append(figure, text);
  return card;
}

function fillSlide(card, slide, fresh) {
  card.dataset.number = slide.number;
  const img = card.querySelector("img");
  // an image still being made (the first page) has no src yet: its card waits, greyed
  card.classList.toggle("pending", !slide.ready);
  if (!slide.ready) card.dataset.waited = "1";
  const changed = slide.ready && img.dataset.key !== slide.image;
  if (changed) {
    // a first image after the wait is not a change to point at
    card.classList.toggle("fresh", fresh && !card.dataset.waited);
    delete card.dataset.waited;
    img.dataset.key = slide.image;
    img.src = "/slides/" + slide.image + ".png";
  } else if (slide.ready) {
    card.classList.toggle("fresh", false);
  }
  img.alt = "Slide " + slide.number + ": " + slide.title;
  card.querySelector(".num").textContent = slide.number;
  card.querySelector(".title").textContent = slide.title;
  const meta = [slide.kind, "at " + slide.start + ", " + slide.seconds + " s"];
  if (slide.line) meta.push("outline line " + slide.line);
  const line = card.querySelector(".meta");
  line.textContent = meta.join(" · ");
  line.title = slide.where;
  card.querySelector(".notes").textContent = slide.notes;
}

function slides(state) {
  const main = $("slides");
  const fresh = window.recapdeck.state !== null;
  const cards = Array.from(main.children);
  state.slides.forEach((slide, index) => {
    let card = cards[index];
    if (!card) {
      card = slideCard(slide.number);
      main.append(card);
    }
    card.id = "slide-" + slide.number;
    fillSlide(card, slide, fresh);
  });
  cards.slice(state.slides.length).forEach((card) => card.remove());
}

function runsheet(state) {
  const rows = state.segments.map((row) => {
    const tr = el("tr");
    const name = el("th", "", row.name);
    name.scope = "row";
    tr.append(name, el("td", "", row.slides), el("td", "", row.start), el("td", "", row.length));
    return tr;
  });
  $("runsheet").tBodies[0].replaceChildren(...rows);
  const total = $("total");
  total.textContent = state.minutes ? "~" + state.minutes + " min" : "";
  const over = Boolean(state.slot && state.minutes > state.slot);
  total.classList.toggle("over", over);
  total.title = over ? "longer than the " + state.slot + " min slot" : "";
}

function render(state) {
  if (state.version <= window.recapdeck.version) return;
  if (state.title) {
    $("title").textContent = state.title;
    document.title = state.title + " · recapdeck serve";
  }
  status(state);
  $("errors").hidden = state.errors.length === 0;
  issues("error-list", state.errors);
  issues("warning-list", state.warnings);
  $("no-warnings").hidden = state.warnings.length > 0;
  $("warnings-title").textContent = "Warnings" + (state.warnings.length ? " (" + state.warnings.length + ")" : "");
  if (!state.building || state.slides.some((slide) => !slide.ready)) {
    slides(state);
    runsheet(state);
  }
  window.recapdeck.version = state.version;
  window.recapdeck.state = state;
}

const events = new EventSource("/events");
events.addEventListener("state", (event) => render(JSON.parse(event.data)));
events.addEventListener("error", () => {
  $("status").textContent = "Not connected to recapdeck serve (stopped?); retrying…";
});
