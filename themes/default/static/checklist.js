/* Checklist: remembers ticked items in this browser (localStorage) and shows
   progress. Without JavaScript the checkboxes still work for the visit. */
(function () {
  "use strict";
  var form = document.querySelector(".checklist-form");
  if (!form) return;
  var key = "firstdays-checklist:" + location.pathname;
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
  var boxes = form.querySelectorAll("input[type=checkbox][data-item]");
  var progress = document.getElementById("checklist-progress");
  function update() {
    var done = 0;
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) done++;
    if (progress) {
      progress.hidden = false;
      progress.textContent = done + " of " + boxes.length + " done. Your ticks are saved in this browser only.";
    }
  }
  for (var i = 0; i < boxes.length; i++) {
    var box = boxes[i];
    box.checked = !!saved[box.getAttribute("data-item")];
    box.addEventListener("change", function (event) {
      saved[event.target.getAttribute("data-item")] = event.target.checked;
      try { localStorage.setItem(key, JSON.stringify(saved)); } catch (e) { /* private browsing: nothing saved */ }
      update();
    });
  }
  update();
})();
