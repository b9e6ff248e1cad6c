/* Portal pages of the admin: the "Print" button of a one-time code slip. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
});
