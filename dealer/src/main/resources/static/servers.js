// /servers: filters apply on change (the form also works without JavaScript), and the search box hides rows
// whose name or address does not match, without a reload.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) return;
  form.querySelectorAll("select").forEach(function (s) {
    s.addEventListener("change", function () { form.submit(); });
  });
  var box = document.getElementById("filter-text");
  if (!box) return;
  box.addEventListener("input", function () {
    var q = box.value.trim().toLowerCase();
    document.querySelectorAll("section.ranking tbody tr").forEach(function (tr) {
      var text = (tr.querySelector(".name").textContent + " " + tr.querySelector(".addr").textContent).toLowerCase();
      tr.classList.toggle("hidden", q !== "" && text.indexOf(q) < 0);
    });
  });
})();
