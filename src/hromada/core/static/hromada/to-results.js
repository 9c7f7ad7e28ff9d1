/* After a submitted search, the results take the focus (see templates/_to_results.html): a keyboard user's next
   Tab reaches the first result instead of starting again at the top of the page. Nothing happens when the focus is
   already somewhere (the user moved) or the address names another place (#fragment). */
(function () {
  "use strict";
  var script = document.currentScript;
  var target = script && document.getElementById(script.getAttribute("data-target"));
  if (!target || window.location.hash) {
    return;
  }
  if (document.activeElement && document.activeElement !== document.body) {
    return;
  }
  if (!target.hasAttribute("tabindex")) {
    target.setAttribute("tabindex", "-1");
  }
  target.focus();
})();
