/* Checklist: remembers ticked items in this browser (localStorage), shows
   progress, and offers a button to clear the ticks. Without JavaScript the
   checklist is a plain list whose boxes work for the visit; the progress line
   and the button only appear when they can work. */
(function () {
  "use strict";
  var form = document.querySelector(".checklist-form");
  if (!form) return;
  var key = "firstdays-checklist:" + location.pathname;
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
  var boxes = form.querySelectorAll("input[type=checkbox][data-item]");
  var progress = document.getElementById("checklist-progress");

  function store() {
    try { localStorage.setItem(key, JSON.stringify(saved)); } catch (e) { /* private browsing: nothing saved */ }
  }
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
      store();
      update();
    });
  }

  // A visible way to forget the ticks (a shared computer, a new term of office).
  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "checklist-clear";
  clear.textContent = "Clear all ticks";
  clear.addEventListener("click", function () {
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = false;
    saved = {};
    try { localStorage.removeItem(key); } catch (e) { /* nothing was saved */ }
    update();
  });
  form.parentNode.insertBefore(clear, form);
  update();
})();
