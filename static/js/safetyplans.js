// Signs of Safety pages: small progressive enhancements only; every page works without this file.
(function () {
  "use strict";
  // Forms marked data-confirm ask first (removing a map item is easily a mis-tap on a phone).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
