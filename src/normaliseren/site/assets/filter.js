// Filter and search the examples on this page, without a server. The page works without it.
// The count's words come from the page (data-one, data-many), in the page's language.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("voorbeelden");
  if (!form || !list || !window.NORMALISEREN_ZOEKINDEX) { return; }
  var texts = window.NORMALISEREN_ZOEKINDEX;
  var items = Array.prototype.slice.call(list.children);
  var search = document.getElementById("zoek");
  var count = document.getElementById("aantal");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var PAUSE = 400;  // ms
  var pending = null;
  var first = true;
  function apply() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var id = item.id.replace(/^voorbeeld-/, "");
      var keep = selects.every(function (select) {
        if (!select.value) { return true; }
        var values = (item.getAttribute("data-" + select.getAttribute("data-facet")) || "").split(" ");
        return values.indexOf(select.value) !== -1;
      });
      var text = texts[id] || "";
      keep = keep && words.every(function (word) { return text.indexOf(word) !== -1; });
      item.hidden = !keep;
      if (keep) { shown += 1; }
    });
    var said = shown === 1
      ? count.getAttribute("data-one")
      : count.getAttribute("data-many").replace("{n}", String(shown));
    // The count is a live region: said once typing pauses, not after every key.
    clearTimeout(pending);
    pending = setTimeout(function () { count.textContent = said; }, first ? 0 : PAUSE);
    first = false;
  }
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
}());
