// The evidence page's "text in the picture": while it is being read, ask the server for the
// part every three seconds (for up to two minutes: after that the 刷新 link is there) and put
// the answer in its place; the 复制文字 button copies the lines. Works without JavaScript too.
(function () {
  "use strict";

  // app.js, loaded before this script, holds the site's one copy-to-clipboard.
  var copy = window.weiquan.copy;
  var say = window.weiquan.say;

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
