/* Live weighted total on the score form. Progressive enhancement only: the server computes and
   shows the saved total itself, and the form works without this script. */
(function () {
  "use strict";
  function init(form) {
    var inputs = form.querySelectorAll("input.score-input");
    var output = form.querySelector("[data-live-total]");
    if (!inputs.length || !output) { return; }
    var wrapper = output.closest(".live-total");
    function update() {
      var weightSum = 0;
      var total = 0;
      var empty = 0;
      inputs.forEach(function (input) {
        var max = parseFloat(input.dataset.max);
        var weight = parseFloat(input.dataset.weight);
        weightSum += weight;
        var raw = input.value.replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 1632); }).replace("٫", ".");
        var value = parseFloat(raw);
        if (!isNaN(value) && value >= 0 && value <= max) { total += value / max * weight; } else { empty += 1; }
      });
      // An empty criterion is not a zero: the form's data-incomplete holds the translated
      // "incomplete ({empty} of {total} criteria empty)".
      if (empty && form.dataset.incomplete) {
        output.textContent = form.dataset.incomplete.replace("{empty}", empty).replace("{total}", inputs.length);
      } else {
        output.textContent = weightSum ? (total / weightSum * 100).toFixed(2) : "";
      }
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    if (wrapper) { wrapper.hidden = false; }
    update();
  }
  document.querySelectorAll("form.score-form").forEach(init);
})();
