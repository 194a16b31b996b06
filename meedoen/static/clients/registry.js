/*
 * Client registry forms: show the target group (doelgroep) only for an inburgering regime.
 * Progressive enhancement: without JavaScript the field stays visible with its help text, and the
 * server ignores a target group for the regime "none" anyway.
 */
(function () {
  "use strict";

  var INBURGERING = ["wi2021", "wi2013"];

  function enhance(regime) {
    var form = regime.form;
    var target = form ? form.querySelector("[data-meedoen-target-group]") : null;
    if (!target) {
      return;
    }
    var field = target.closest(".utrecht-form-field") || target;
    function update() {
      field.hidden = INBURGERING.indexOf(regime.value) === -1;
    }
    regime.addEventListener("change", update);
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-meedoen-regime]"), enhance);
})();
