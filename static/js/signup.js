// The signup form, a little easier with JavaScript; it works without.
// Served from static/ (no inline script), so a Content Security Policy of
// script-src 'self' allows it.
(function () {
  "use strict";
  var form = document.getElementById("signup-form");
  if (!form) {
    return;
  }

  // Take the reader to the summary of what needs another look.
  var problems = document.getElementById("form-problems");
  if (problems) {
    problems.focus();
  }

  // "Add another factory": copy the empty row, up to the allowed number.
  var addButton = form.querySelector("[data-add-factory]");
  var template = document.getElementById("factory-row-template");
  var rows = form.querySelector("[data-factory-rows]");
  var total = form.querySelector("input[name='factories-TOTAL_FORMS']");
  if (addButton && template && rows && total) {
    var max = parseInt(addButton.getAttribute("data-max"), 10);
    // Without JavaScript the form offers several empty rows; with it, one,
    // and the button adds more: trailing empty rows go (not the first).
    var isEmpty = function (row) {
      return Array.prototype.every.call(row.querySelectorAll("input, select, textarea"), function (field) {
        return !field.value;
      });
    };
    var listed = rows.querySelectorAll("[data-factory-row]");
    var count = listed.length;
    while (count > 1 && isEmpty(listed[count - 1]) && !listed[count - 1].querySelector(".is-invalid")) {
      listed[count - 1].remove();
      count -= 1;
    }
    total.value = String(count);
    var refresh = function () {
      addButton.hidden = parseInt(total.value, 10) >= max;
    };
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild && rows.lastElementChild.querySelector("input");
      if (added) {
        added.focus();
      }
      refresh();
    });
    refresh();
  }

  // The partner commitments matter only for the Partner scheme.
  var commitments = document.getElementById("commitments");
  var schemes = form.querySelectorAll("input[name='requested_scheme']");
  if (commitments && schemes.length) {
    var show = function () {
      // Shown once the Partner scheme is chosen (or when they need a look).
      var partner = form.querySelector("input[name='requested_scheme'][value='partner']:checked");
      commitments.hidden = !partner && !commitments.querySelector(".is-invalid");
    };
    schemes.forEach(function (input) {
      input.addEventListener("change", show);
    });
    show();
  }
})();
