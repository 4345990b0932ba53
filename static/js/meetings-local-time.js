// The meeting's time in the visitor's own time zone (anonymous visitors: the browser's zone).
(function () {
  "use strict";
  var box = document.querySelector("[data-testid='when-browser']");
  if (!box || !window.Intl) {
    return;
  }
  var lang = document.documentElement.lang || "en";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var format = new Intl.DateTimeFormat(lang, {
    weekday: "short", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
    hour12: false, timeZone: zone
  });
  box.querySelectorAll("[data-local-time]").forEach(function (node) {
    node.textContent = format.format(new Date(node.getAttribute("datetime")));
  });
  var city = zone.split("/").pop().replace(/_/g, " ");
  box.querySelector("[data-local-zone]").textContent = city;
  box.hidden = false;
})();
