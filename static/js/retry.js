// A page that waits for something the server prepares (a PDF) goes to its retry address after
// the delay it declares: `<a data-retry-after="3" href="…">`. A static script rather than a
// meta refresh, which screen readers announce as an unexpected page change (WCAG 2.2.1).
document.querySelectorAll("a[data-retry-after]").forEach(function (link) {
  var seconds = parseFloat(link.getAttribute("data-retry-after")) || 3;
  window.setTimeout(function () { window.location.assign(link.href); }, seconds * 1000);
});
