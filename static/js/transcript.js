// The evidence page's "text in the picture": while it is being read, ask the server for the
// part every three seconds (for up to two minutes: after that the 刷新 link is there) and put
// the answer in its place; the 复制文字 button copies the lines. Works without JavaScript too.
(function () {
  "use strict";

  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-buffer";
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyWithSelection(text); });
    }
    return copyWithSelection(text);
  }

  function say(button, message) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = message || label;
    window.clearTimeout(button.copyTimer);
    button.copyTimer = window.setTimeout(function () { button.textContent = label; }, 2000);
  }

  function showButtons(root) {
    root.querySelectorAll("button[data-transcript-copy]").forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-live", "polite");
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-transcript-copy]");
    if (!button) return;
    copy(button.getAttribute("data-transcript-copy")).then(
      function () { say(button, button.getAttribute("data-copied")); },
      function () { say(button, button.getAttribute("data-copy-failed")); }
    );
  });

  showButtons(document);

  var section = document.querySelector("section.transcript[data-status-url]");
  if (!section) return;
  var url = section.getAttribute("data-status-url");
  var asked = 0;
  var poll = function () {
    asked += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.querySelector("section.transcript");
        if (!fresh) throw new Error("no transcript in the answer");
        if (fresh.getAttribute("data-state") === "waiting") {
          if (asked < 40) window.setTimeout(poll, 3000);
          return;
        }
        section.replaceWith(fresh);
        showButtons(fresh);
      })
      .catch(function () { if (asked < 40) window.setTimeout(poll, 6000); });
  };
  window.setTimeout(poll, 2000);
})();
