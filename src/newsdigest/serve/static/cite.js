// Citations are <details> elements: they open and close by click, Enter or Space with no script.
// This only adds: a citation reached with the keyboard (Tab) opens, and Escape closes it again.
// Focus that comes from a pointer (mouse, touch) is left alone, so a click toggles as usual.
(function () {
  "use strict";
  var byKeyboard = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Tab") byKeyboard = true;
    if (event.key !== "Escape") return;
    var active = document.activeElement;
    var details = active && active.closest ? active.closest("details.cite[open]") : null;
    if (details) {
      details.open = false;
      details.querySelector("summary").focus();
    }
  }, true);
  document.addEventListener("pointerdown", function () { byKeyboard = false; }, true);
  document.addEventListener("mousedown", function () { byKeyboard = false; }, true);
  document.addEventListener("focusin", function (event) {
    var summary = event.target;
    if (!byKeyboard || !summary || summary.tagName !== "SUMMARY") return;
    var details = summary.parentElement;
    if (details && details.classList.contains("cite")) details.open = true;
  });
})();
