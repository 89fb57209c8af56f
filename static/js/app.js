// weiquan: small progressive enhancements. Everything works without JavaScript.
(function () {
  "use strict";

  // The event form shows only the fields that fit the chosen kind
  // (a phone call asks for the number dialled and the agent ID, a 12315 complaint for its number).
  function syncEventFields(form) {
    var kindSelect = form.querySelector("select[name=kind]");
    if (!kindSelect) return;
    var kind = kindSelect.value;
    form.querySelectorAll("[data-kinds]").forEach(function (input) {
      var wrapper = input.closest(".mb-3") || input.parentElement;
      var kinds = (input.getAttribute("data-kinds") || "").split(" ");
      wrapper.classList.toggle("is-hidden-by-kind", kinds.indexOf(kind) === -1);
    });
  }

  document.querySelectorAll("form.event-form").forEach(function (form) {
    syncEventFields(form);
    var kindSelect = form.querySelector("select[name=kind]");
    if (kindSelect) {
      kindSelect.addEventListener("change", function () { syncEventFields(form); });
    }
  });
})();
