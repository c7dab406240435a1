// Disclosures that are open in the HTML and closed on a phone: the header's menu and the filters.
// The script stands right after each of them and runs while the page loads, so a phone never
// shows them open; without JavaScript they stay open. Back on a wide screen they open again
// (the menu's summary is hidden there, so nothing could open it).
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 40rem)");
  var boxes = document.querySelectorAll("details[data-phone-closed]:not([data-phone-seen])");
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].setAttribute("data-phone-seen", "");
    if (phone.matches) { boxes[i].open = false; }
  }
  if (window.atlasPhoneWatched) { return; }
  window.atlasPhoneWatched = true;
  // The menu drops down over the page: a click elsewhere or Escape closes it.
  function openMenu() { return phone.matches ? document.querySelector("details.menu[open]") : null; }
  document.addEventListener("click", function (event) {
    var menu = openMenu();
    if (menu && !menu.contains(event.target)) { menu.open = false; }
  });
  document.addEventListener("keydown", function (event) {
    var menu = openMenu();
    if (menu && event.key === "Escape") { menu.open = false; menu.querySelector("summary").focus(); }
  });
  phone.addEventListener("change", function (event) {
    if (event.matches) { return; }
    var all = document.querySelectorAll("details[data-phone-closed]");
    for (var k = 0; k < all.length; k++) { all[k].open = true; }
  });
})();
