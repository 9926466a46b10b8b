// The search page's small helpers, all optional: without JavaScript every facet value is a checkbox,
// "Show all" unfolds the rest of a list, and the filters stand above the results.
// - Type-to-filter: a box above a long facet list hides the values that do not contain what is typed
//   (case and accents ignored) and unfolds "Show all" meanwhile.
// - On narrow screens the filters fold behind a "Filters (n)" button, so the results come first.
// The search region is replaced by htmx after each change: everything is set up again after a swap.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 55.99rem)");
  var filtersOpen = false;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function filterFacet(box) {
    var wanted = fold(box.value.trim());
    var fieldset = box.closest("fieldset");
    var shown = 0;
    fieldset.querySelectorAll(".facet-options li").forEach(function (item) {
      var match = !wanted || fold(item.textContent).indexOf(wanted) !== -1;
      item.hidden = !match;
      shown += match ? 1 : 0;
    });
    var more = fieldset.querySelector(".facet-more");
    if (more) {
      if (wanted) {
        more.open = true;
      }
      more.querySelector("summary").hidden = Boolean(wanted);
    }
    fieldset.querySelector(".facet-none").hidden = shown > 0;
  }

  function showFilters(region) {
    var toggle = region.querySelector(".filters-toggle");
    var facets = region.querySelector(".facets");
    if (!toggle || !facets) {
      return;
    }
    toggle.hidden = !narrow.matches;
    facets.hidden = narrow.matches && !filtersOpen;
    toggle.setAttribute("aria-expanded", String(!facets.hidden));
  }

  function setUp(region) {
    region.querySelectorAll(".facet-filter").forEach(function (box) {
      box.hidden = false;
      // The box filters the list in place: it must not start a search.
      ["input", "change", "keydown"].forEach(function (name) {
        box.addEventListener(name, function (event) {
          event.stopPropagation();
          if (name === "keydown" && event.key === "Enter") {
            event.preventDefault();
          }
          if (name === "input") {
            filterFacet(box);
          }
        });
      });
    });
    var toggle = region.querySelector(".filters-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        filtersOpen = !filtersOpen;
        showFilters(region);
      });
    }
    showFilters(region);
  }

  function current() {
    return document.getElementById("search-region");
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (current()) {
      setUp(current());
    }
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (current()) {
      setUp(current());
    }
  });
  narrow.addEventListener("change", function () {
    if (current()) {
      showFilters(current());
    }
  });
})();
