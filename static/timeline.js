// Instant filtering of the timeline by topic, year range and text, with the state in the URL query
// so a filtered view can be shared and the back button steps through it. It only enhances: without
// it every event is listed, and the topic pages do the filtering.
(() => {
  "use strict";
  const form = document.getElementById("filters");
  if (!form || !window.fetch) return;
  const status = document.getElementById("filter-status");
  const noResults = document.getElementById("no-results");
  const { q: text, from, to } = form.elements;
  const tagBoxes = [...form.querySelectorAll('input[name="tag"]')];
  const sections = [...document.querySelectorAll("section.year")];
  const jumps = [...document.querySelectorAll(".year-jump li")];
  let events = [];
  let typing = false; // one history entry per burst of typing, not per key

  const fold = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const first = (select) => select.options[0].value;
  const last = (select) => select.options[select.options.length - 1].value;
  const pick = (select, value, fallback) =>
    [...select.options].some((o) => o.value === value) ? value : fallback;

  function state() {
    return {
      q: text.value.trim(),
      tags: tagBoxes.filter((box) => box.checked).map((box) => box.value),
      from: from ? from.value : "",
      to: to ? to.value : "",
    };
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
  }

  function apply() {
    const { q, tags, from: lo, to: hi } = state();
    const words = fold(q).split(/\s+/).filter(Boolean);
    const low = Number(lo) || -Infinity;
    const high = Number(hi) || Infinity;
    let shown = 0;
    for (const event of events) {
      const match =
        event.end >= Math.min(low, high) && event.start <= Math.max(low, high) &&
        (!tags.length || tags.some((tag) => event.tags.includes(tag))) &&
        words.every((word) => event.text.includes(word));
      event.card.hidden = !match;
      if (match) shown += 1;
    }
    sections.forEach((section) => (section.hidden = !section.querySelector(".event:not([hidden])")));
    jumps.forEach((item) => {
      const target = document.getElementById(item.firstElementChild.hash.slice(1));
      item.hidden = !target || target.closest("section").hidden;
    });
    const filtered = shown !== events.length;
    status.textContent = filtered
      ? `${shown} of ${events.length} events match.`
      : `Showing all ${events.length} events.`;
    noResults.hidden = shown > 0;
  }

  function remember(replace) {
    const url = query(state());
    if (url === location.pathname + location.search) return;
    history[replace ? "replaceState" : "pushState"](null, "", url);
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
  text.addEventListener("change", () => (typing = false));
  window.addEventListener("popstate", () => {
    readUrl();
    apply();
    typing = false;
  });

  fetch(form.dataset.index)
    .then((response) => response.json())
    .then((index) => {
      events = index.events
        .map((event) => ({ ...event, card: document.getElementById(event.slug) }))
        .filter((event) => event.card);
      readUrl();
      form.hidden = false;
      document.querySelectorAll(".topic-links").forEach((links) => (links.hidden = true)); // the checkboxes replace them
      apply();
    })
    .catch(() => {}); // no index, no filters: the full timeline stays as it is
})();
