// Search folding, the same rules as site_builder/site/search.py, which folds the words of the index:
// lowercase, no accents, no marks inside a word ("Sa’ar" is "saar"), words one space apart.
// SEPARATORS and APOSTROPHE_LETTERS are the same text in both files.
const foldSearchText = (() => {
  "use strict";
  const SEPARATORS = String.raw`\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\-\u058a\u05be\u1400\u1806\u2010-\u2015\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d/\uff0f`;
  const insideWord = new RegExp(String.raw`(?<=[\p{L}\p{N}])[^\p{L}\p{N}${SEPARATORS}]+(?=[\p{L}\p{N}])`, "gu");
  const betweenWords = /[^\p{L}\p{N}]+/gu;
  const APOSTROPHE_LETTERS = String.raw`\u02b9-\u02bf\u02c8\u02ca\u02cb\ua78b\ua78c`; // "Saʼar", "Saʿar"
  const marks = new RegExp(String.raw`[\p{M}${APOSTROPHE_LETTERS}]`, "gu");
  return (text) =>
    text
      .normalize("NFKD")
      .toLowerCase()
      .replace(marks, "")
      .replace(/ß/g, "ss")
      .replace(/ς/g, "σ")
      .replace(insideWord, "")
      .replace(betweenWords, " ")
      .trim();
})();

// Instant search and filtering of a list of events by text, topics and years, with the state in the
// URL query so a filtered view can be shared and the back button steps through it. It only enhances:
// without it every event is listed, and the topic and year pages do the filtering.
(() => {
  "use strict";
  const fold = document.getElementById("filter-fold");
  const form = document.getElementById("filters");
  if (!fold || !form || !window.fetch) return;
  const summary = fold.querySelector("summary");
  const status = document.getElementById("filter-status");
  const noResults = document.getElementById("no-results");
  const heading = document.querySelector("main h1");
  const headingAsWritten = heading ? [...heading.childNodes] : [];
  const titleAsWritten = document.title;
  const counts = [...document.querySelectorAll("main > .count")]; // the heading says the count while filtered
  const topicLinks = [...document.querySelectorAll(".topic-links")]; // the checkboxes stand in for them
  const { q: text, from, to } = form.elements;
  const tagBoxes = [...form.querySelectorAll('input[name="tag"]')];
  let events = null; // from the page's search index, loaded when the reader first reaches for the form
  let loading = null;
  let announced = false;
  let typing = false; // one history entry per burst of typing, not per key

  const first = (select) => select.options[0].value;
  const last = (select) => select.options[select.options.length - 1].value;
  const pick = (select, value, fallback) =>
    [...select.options].some((o) => o.value === value) ? value : fallback;
  const labelOf = (box) => box.closest("label").textContent.trim();

  function state() {
    return {
      q: text.value.trim(),
      tags: tagBoxes.filter((box) => box.checked).map((box) => box.value),
      from: from ? from.value : "",
      to: to ? to.value : "",
    };
  }

  // What a filtered view shows, in words: "Defense or Trade", "2014–2016", "“saar”".
  function described({ q, tags, from: lo, to: hi }) {
    const words = [];
    if (tags.length) words.push(tagBoxes.filter((box) => tags.includes(box.value)).map(labelOf).join(" or "));
    if (from && to && (lo !== first(from) || hi !== last(to))) {
      const [a, b] = [Number(lo), Number(hi)].sort((x, y) => x - y);
      const named = (year) => [...from.options].find((o) => Number(o.value) === year).textContent; // "500 BCE"
      words.push(a === b ? named(a) : `${named(a)}–${named(b)}`);
    }
    if (q) words.push(`“${q}”`);
    return words;
  }

  function query({ q, tags, from: lo, to: hi }) {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    tags.forEach((tag) => params.append("tag", tag));
    if (from && lo !== first(from)) params.set("from", lo);
    if (to && hi !== last(to)) params.set("to", hi);
    const search = params.toString();
    return search ? `?${search}` : location.pathname;
  }

  function readUrl() {
    const params = new URLSearchParams(location.search);
    text.value = params.get("q") || "";
    const tags = params.getAll("tag");
    tagBoxes.forEach((box) => (box.checked = tags.includes(box.value)));
    if (from) from.value = pick(from, params.get("from"), first(from));
    if (to) to.value = pick(to, params.get("to"), last(to));
    if (described(state()).length) {
      fold.open = true;
      load();
    }
  }

  function apply() {
    if (!events) return;
    const current = state();
    const { tags, from: lo, to: hi } = current;
    const words = foldSearchText(current.q).split(" ").filter(Boolean);
    const low = Math.min(Number(lo) || -Infinity, Number(hi) || Infinity);
    const high = Math.max(Number(lo) || -Infinity, Number(hi) || Infinity);
    const shownSections = new Set();
    let shown = 0;
    for (const event of events) {
      const match =
        event.end >= low &&
        event.start <= high &&
        (!tags.length || tags.some((tag) => event.tags.includes(tag))) &&
        words.every((word) => event.words.includes(` ${word}`)); // at the start of a word
      event.card.hidden = !match;
      if (match) {
        shown += 1;
        shownSections.add(event.section);
      }
    }
    for (const event of events) if (event.section) event.section.hidden = !shownSections.has(event.section);
    say(described(current), shown);
    noResults.hidden = shown > 0;
  }

  // A filtered view says so, once: in the heading and the page title, and to screen readers as it changes.
  function say(filters, shown) {
    const total = `${events.length} ${events.length === 1 ? "event" : "events"}`;
    const filtered = filters.length > 0;
    const words = `${filters.join(" · ")} · ${shown} of ${total}`;
    if (heading) {
      if (filtered) heading.textContent = words;
      else heading.replaceChildren(...headingAsWritten);
    }
    document.title = filtered ? `${words} · ${titleAsWritten}` : titleAsWritten;
    counts.forEach((count) => (count.hidden = filtered));
    if (filtered || announced) status.textContent = filtered ? words : `Showing all ${total}.`;
    announced = announced || filtered;
  }

  function remember(replace) {
    const url = query(state());
    if (url === location.pathname + location.search) return;
    history[replace ? "replaceState" : "pushState"](null, "", url);
  }

  function load() {
    loading =
      loading ||
      fetch(form.dataset.index)
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((index) => {
          events = index.events
            .map((event) => ({ ...event, words: ` ${event.text}`, card: document.getElementById(event.slug) }))
            .filter((event) => event.card)
            .map((event) => ({ ...event, section: event.card.closest("section") }));
          apply();
          form.dataset.ready = ""; // the index is in and the list shows the form's choices
        })
        .catch(() => {
          // No index, no search: the full list stays as it is, with its topic links.
          fold.hidden = true;
          topicLinks.forEach((links) => (links.hidden = false));
        });
    return loading;
  }

  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("input", (event) => {
    apply();
    const isText = event.target === text;
    remember(isText && typing);
    typing = isText;
  });
  form.addEventListener("reset", () =>
    setTimeout(() => {
      apply();
      remember(false);
      typing = false;
    }),
  );
  form.addEventListener("keydown", (event) => {
    // Escape folds the form away, except in a search box that has text: there it clears the text first.
    if (event.key !== "Escape" || (event.target === text && text.value)) return;
    fold.open = false;
    summary.focus();
  });
  text.addEventListener("change", () => (typing = false));
  fold.addEventListener("toggle", () => fold.open && load());
  summary.addEventListener("pointerenter", load, { once: true }); // a head start on the click
  window.addEventListener("popstate", () => {
    readUrl();
    apply();
    typing = false;
  });

  fold.hidden = false;
  topicLinks.forEach((links) => (links.hidden = true));
  readUrl();
})();
