// The overview strip follows the reader: the year being read is marked as the page scrolls, and a
// year that the filters leave empty fades. The view switch carries the filters across. Everything
// here only enhances: without it the strip's years are links and the switch keeps the view.
(() => {
  "use strict";
  const strip = document.getElementById("overview");
  const sections = [...document.querySelectorAll("section.year[data-year]")];
  const columns = new Map(
    strip ? [...strip.querySelectorAll("a[data-year]")].map((link) => [link.dataset.year, link]) : [],
  );
  let here = null;
  let queued = false;

  function follow() {
    queued = false;
    const line = strip.getBoundingClientRect().bottom + 16; // what the sticky strip does not cover
    let reading = null;
    for (const section of sections) {
      if (section.hidden) continue;
      if (section.getBoundingClientRect().top > line) break;
      reading = section;
    }
    const column = reading && columns.get(reading.dataset.year);
    if (column === here) return;
    if (here) here.classList.remove("here");
    if (column) column.classList.add("here");
    here = column || null;
  }

  function fade() {
    for (const section of sections) {
      const column = columns.get(section.dataset.year);
      if (column) column.classList.toggle("faded", section.hidden);
    }
    follow();
  }

  if (strip && sections.length) {
    window.addEventListener(
      "scroll",
      () => {
        if (!queued) requestAnimationFrame(follow);
        queued = true;
      },
      { passive: true },
    );
    new MutationObserver(fade).observe(document.querySelector("main"), {
      subtree: true,
      attributeFilter: ["hidden"],
    });
    follow();
  }

  // The filters live in the query, so switching views keeps them.
  for (const link of document.querySelectorAll(".view-switch a")) {
    const keep = () => (link.search = location.search);
    for (const type of ["pointerdown", "focus", "click"]) link.addEventListener(type, keep);
  }
})();
