/* Accessible names for the admin widgets that come without one (axe-core's
   aria-input-field-name, label and aria-prohibited-attr rules):
   - an autocomplete (select2) shows a combobox named only by its current
     choice, empty until one is made, and its multiple kind adds a search box
     with no name at all: both take the field's label;
   - the filter icons of a two-box selector carry aria-label on a plain span,
     which needs a role to be read.
   Widgets can appear later (an inline's "Add another"), so new ones are
   named as they come. Loaded on every admin page by admin/base_site.html. */
(function () {
  "use strict";

  function fieldName(select) {
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) {
      if (!label.id) label.id = select.id + "-label";
      return { labelId: label.id };
    }
    return { text: select.getAttribute("aria-label") || "" };
  }

  function nameAutocomplete(select) {
    var widget = select.nextElementSibling;
    if (!widget || !widget.classList.contains("select2")) return;
    var name = fieldName(select);
    widget.querySelectorAll(".select2-selection").forEach(function (combobox) {
      if (combobox.dataset.portalNamed) return;
      combobox.dataset.portalNamed = "1";
      var shown = combobox.getAttribute("aria-labelledby");
      if (name.labelId) {
        combobox.setAttribute("aria-labelledby", shown ? name.labelId + " " + shown : name.labelId);
      } else if (name.text) {
        combobox.removeAttribute("aria-labelledby");
        combobox.setAttribute("aria-label", name.text);
      }
    });
    // The choice shown inside is a read-only textbox of its own: it is named
    // by the label too (aria-labelledby is not followed a second time, so the
    // combobox still reads "label, choice").
    widget.querySelectorAll(".select2-selection__rendered[role]").forEach(function (shown) {
      if (shown.hasAttribute("aria-label") || shown.hasAttribute("aria-labelledby")) return;
      if (name.labelId) shown.setAttribute("aria-labelledby", name.labelId);
      else if (name.text) shown.setAttribute("aria-label", name.text);
    });
    widget.querySelectorAll(".select2-search__field").forEach(function (search) {
      if (search.hasAttribute("aria-label") || search.hasAttribute("aria-labelledby")) return;
      if (name.labelId) search.setAttribute("aria-labelledby", name.labelId);
      else if (name.text) search.setAttribute("aria-label", name.text);
    });
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(nameAutocomplete);
    document.querySelectorAll(".help-tooltip.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function start() {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
