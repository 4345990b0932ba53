// Drag-and-drop reordering of a meeting's agenda (SortableJS, from npm), an enhancement: without
// JavaScript the "Move up" / "Move down" buttons do the same. Dropping an item posts the new order
// of every item to the agenda_order view, which answers with the agenda page again.
(function () {
  "use strict";
  var list = document.querySelector("[data-agenda-sortable]");
  var form = document.querySelector("form[data-agenda-order]");
  if (!list || !form || typeof Sortable === "undefined") return;
  document.querySelectorAll("[data-agenda-handle], [data-agenda-hint]").forEach(function (el) {
    el.hidden = false;
  });
  Sortable.create(list, {
    handle: "[data-agenda-handle]",
    draggable: "[data-item]",
    animation: 150,
    forceFallback: true, // mouse and touch events rather than HTML5 drag: the same on phones
    onEnd: function (event) {
      if (event.oldIndex === event.newIndex) return;
      list.querySelectorAll("[data-item]").forEach(function (item) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "item";
        input.value = item.getAttribute("data-item");
        form.appendChild(input);
      });
      form.submit();
    },
  });
})();
