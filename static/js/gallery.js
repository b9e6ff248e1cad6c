/* Photo galleries (templates/awards/includes/_gallery.html): a thumbnail opens the photo large in
   a modal <dialog>, with previous/next buttons, the arrow keys, Esc and swipes.

   Progressive enhancement only: without this script each thumbnail is a plain link to the
   full photo. The <dialog> gives the dialog role, keeps focus inside while open and closes on
   Esc; focus goes back to the thumbnail that opened it. */
(function () {
  "use strict";

  var SWIPE = 40; // CSS px a finger must travel sideways to count as a swipe

  function init(gallery) {
    var dialog = gallery.querySelector("[data-gallery-dialog]");
    var items = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-item]"));
    if (!dialog || !items.length || typeof dialog.showModal !== "function") { return; }
    var image = dialog.querySelector("[data-gallery-image]");
    var caption = dialog.querySelector("[data-gallery-caption]");
    var counter = dialog.querySelector("[data-gallery-counter]");
    var full = dialog.querySelector("[data-gallery-full]");
    var previous = dialog.querySelector("[data-gallery-previous]");
    var next = dialog.querySelector("[data-gallery-next]");
    var current = 0;
    var opener = null;

    if (items.length < 2) {
      previous.hidden = true;
      next.hidden = true;
    }

    function rtl() {
      return getComputedStyle(dialog).direction === "rtl";
    }

    function show(index) {
      current = (index + items.length) % items.length;
      var item = items[current];
      image.src = item.getAttribute("href");
      image.alt = item.dataset.caption || "";
      caption.textContent = item.dataset.caption || "";
      full.href = item.getAttribute("href");
      counter.textContent = (dialog.dataset.counter || "{n} / {total}")
        .replace("{n}", current + 1).replace("{total}", items.length);
      // Fetch the neighbours now, so stepping through the photos does not wait for them.
      if (items.length > 1) {
        [current + 1, current - 1].forEach(function (i) {
          new Image().src = items[(i + items.length) % items.length].getAttribute("href");
        });
      }
    }

    function open(index, from) {
      opener = from;
      show(index);
      dialog.showModal();
      dialog.querySelector("[data-gallery-close]").focus();
    }

    items.forEach(function (item, index) {
      item.addEventListener("click", function (event) {
        // A modified click (new tab, download) keeps its usual meaning.
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
          return;
        }
        event.preventDefault();
        open(index, item);
      });
    });

    previous.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    dialog.querySelector("[data-gallery-close]").addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () {
      image.removeAttribute("src");
      if (opener) { opener.focus(); }
    });
    // A click on the backdrop (the dialog box itself, outside its content) closes it.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); }
    });
    dialog.addEventListener("keydown", function (event) {
      if (items.length < 2) { return; }
      // "Next" lies in the reading direction: to the left in Arabic.
      var forward = rtl() ? "ArrowLeft" : "ArrowRight";
      var back = rtl() ? "ArrowRight" : "ArrowLeft";
      if (event.key === forward) { show(current + 1); event.preventDefault(); }
      else if (event.key === back) { show(current - 1); event.preventDefault(); }
      else if (event.key === "Home") { show(0); event.preventDefault(); }
      else if (event.key === "End") { show(items.length - 1); event.preventDefault(); }
    });

    var startX = null;
    var startY = null;
    dialog.addEventListener("touchstart", function (event) {
      if (event.touches.length !== 1) { startX = null; return; }
      startX = event.touches[0].clientX;
      startY = event.touches[0].clientY;
    }, { passive: true });
    dialog.addEventListener("touchend", function (event) {
      if (startX === null || items.length < 2) { return; }
      var dx = event.changedTouches[0].clientX - startX;
      var dy = event.changedTouches[0].clientY - startY;
      startX = null;
      if (Math.abs(dx) < SWIPE || Math.abs(dx) < Math.abs(dy)) { return; }
      // Swiping towards the reading direction's end brings the next photo, as turning a page.
      var towardsStart = rtl() ? dx > 0 : dx < 0;
      show(current + (towardsStart ? 1 : -1));
    });
  }

  document.querySelectorAll("[data-gallery]").forEach(init);
})();
