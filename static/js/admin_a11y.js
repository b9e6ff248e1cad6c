/* Names for the admin's autocomplete boxes (Select2), which it renders without one: a screen
 * reader would announce an unnamed "combobox" / "edit text". Each gets the label of the field
 * it serves. Select2 redraws these elements as choices change, hence the observer. */
"use strict";
(function () {
  function labelOf(select) {
    const label = select && document.querySelector(`label[for="${select.id}"]`);
    return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
  }

  function selectFor(element) {
    // The dropdown's search box names its list "select2-<id>-results".
    const controls = element.getAttribute("aria-controls") || "";
    const match = controls.match(/^select2-(.+)-results$/);
    if (match) {
      return document.getElementById(match[1]);
    }
    const container = element.closest(".select2");
    const previous = container && container.previousElementSibling;
    return previous && previous.tagName === "SELECT" ? previous : null;
  }

  function labelSingle(selection) {
    // A single-choice box is named by its chosen text only, which is empty until a choice is
    // made: put the field's label in front of it.
    const select = selectFor(selection);
    const label = select && document.querySelector(`label[for="${select.id}"]`);
    if (!label) {
      return;
    }
    label.id = label.id || `${select.id}-label`;
    const ids = (selection.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
    if (!ids.includes(label.id)) {
      selection.setAttribute("aria-labelledby", [label.id, ...ids].join(" "));
    }
  }

  function nameAll() {
    document.querySelectorAll(".select2-selection--single").forEach(labelSingle);
    const unnamed = document.querySelectorAll(
      ".select2-search__field:not([aria-label]), " +
        ".select2-selection[role=combobox]:not([aria-label]):not([aria-labelledby]), " +
        ".select2-selection__rendered[role=textbox]:not([aria-label])"
    );
    for (const element of unnamed) {
      const name = labelOf(selectFor(element));
      if (name) {
        element.setAttribute("aria-label", name);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
