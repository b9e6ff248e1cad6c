/* Artisan form: list only the wilayats of the chosen governorate.
 * Without JavaScript every wilayat is listed and the server rejects a mismatch on save. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const governorate = document.getElementById("id_governorate");
  const wilayat = document.getElementById("id_wilayat");
  if (!governorate || !wilayat) {
    return;
  }
  function narrow() {
    const chosen = governorate.value;
    for (const option of wilayat.options) {
      if (!option.value) {
        continue;
      }
      const fits = !chosen || option.dataset.governorate === chosen;
      // Hidden, not disabled: a wilayat already chosen stays chosen, and the server says
      // clearly why it does not fit instead of the choice silently disappearing.
      option.hidden = !fits;
    }
  }
  governorate.addEventListener("change", narrow);
  narrow();
});
