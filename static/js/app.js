// weiquan: small progressive enhancements. Everything works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // "When": the date-and-time field shows only for "pick a date and time".
  document.querySelectorAll("form.event-form").forEach(function (form) {
    var pick = form.querySelector(".when-pick");
    var radios = form.querySelectorAll("input[name=when]");
    if (!pick || !radios.length) return;
    var sync = function () {
      var chosen = form.querySelector("input[name=when]:checked");
      var picking = chosen && chosen.value === "pick";
      pick.classList.toggle("is-hidden", !picking && !pick.querySelector(".is-invalid"));
    };
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        sync();
        if (radio.checked && radio.value === "pick") {
          var input = pick.querySelector("input");
          if (input) input.focus();
        }
      });
    });
    sync();
  });

  // A file input marked auto-submit uploads as soon as the gallery closes.
  document.querySelectorAll("input[type=file].auto-submit").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.files && input.files.length && input.form) input.form.submit();
    });
  });

  // A new case: choosing what went wrong ticks what people in that case usually ask for,
  // until the consumer ticks something themselves.
  var typical = document.getElementById("typical-wants");
  if (typical) {
    var wantsByProblem = JSON.parse(typical.textContent);
    var touched = false;
    document.querySelectorAll("input[name=wants]").forEach(function (box) {
      box.addEventListener("change", function () { touched = true; });
    });
    document.querySelectorAll("input[name=problem]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (touched || !radio.checked) return;
        var wants = wantsByProblem[radio.value] || [];
        document.querySelectorAll("input[name=wants]").forEach(function (box) {
          box.checked = wants.indexOf(box.value) !== -1;
        });
      });
    });
  }

  // Password fields get a "show" button, so one field is enough to see a typo.
  document.querySelectorAll("input[type=password][data-reveal]").forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary reveal";
    button.textContent = input.getAttribute("data-reveal");
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-label", input.getAttribute("data-reveal-label") || button.textContent);
    button.addEventListener("click", function () {
      var shown = input.type === "text";
      input.type = shown ? "password" : "text";
      button.setAttribute("aria-pressed", shown ? "false" : "true");
    });
    input.insertAdjacentElement("afterend", button);
    input.parentElement.classList.add("input-group");
  });

  // One labelled field of a file's row, named like the server's per-file form: f<index>-<name>.
  function addField(row, index, name, labelText, control) {
    var label = document.createElement("label");
    label.className = "form-label small mb-0 mt-1";
    label.textContent = labelText;
    control.name = "f" + index + "-" + name;
    control.id = "f" + index + "-" + name;
    if (control.tagName === "INPUT") control.className = "form-control";
    label.htmlFor = control.id;
    row.appendChild(label);
    row.appendChild(control);
  }

  // What a chosen file probably is: the same rule as evidence/kinds.py, from the table the
  // panel carries in data-guess. The browser knows the type and the picture's size but not its
  // EXIF, so a tall JPEG (screenshot or 16:9 camera photo?) and anything it cannot decode
  // (HEIC) stay on "auto" and the server decides.
  function shapeOf(file, rules) {
    var type = file.type || "";
    if (type.indexOf("video/") === 0) return Promise.resolve("video");
    if (type.indexOf("audio/") === 0) return Promise.resolve("audio");
    if (type === "application/pdf") return Promise.resolve("document");
    if (type.indexOf("image/") !== 0 || !window.createImageBitmap) return Promise.resolve(null);
    return window.createImageBitmap(file).then(function (bitmap) {
      var width = bitmap.width, height = bitmap.height;
      if (bitmap.close) bitmap.close();
      var ratio = Math.max(width, height) / Math.min(width, height);
      if (ratio >= rules.photo_aspects[0] && ratio <= rules.photo_aspects[1]) return "photo";
      if (type !== "image/png") return null; // camera EXIF unknown: the server decides
      return height / width >= rules.screenshot_min_aspect ? "screenshot" : "picture";
    }, function () { return null; });
  }

  function guessKinds(files, rules) {
    return Promise.all(files.map(function (file) { return shapeOf(file, rules); }))
      .then(function (shapes) {
        var missing = rules.missing.slice();
        return shapes.map(function (shape) {
          if (!shape) return null;
          var candidates = rules.candidates[shape];
          var kind = missing.filter(function (code) { return candidates.indexOf(code) !== -1; })[0];
          kind = kind || rules.fallback[shape];
          missing = missing.filter(function (code) { return code !== kind; });
          return kind;
        });
      });
  }

  // Evidence upload: after choosing several files, ask kind, description and date per file,
  // the kind preselected with the guess. Without JavaScript the batch fields apply to every
  // file and the server guesses each kind left on "auto".
  function buildPerFileRows(form) {
    var input = form.querySelector("input[type=file][name=files]");
    var container = form.querySelector(".per-file");
    var batch = form.querySelector(".batch-fields");
    var batchKind = form.querySelector(".batch-fields select[name=kind]");
    if (!input || !container || !batchKind) return;
    container.textContent = "";
    var files = Array.prototype.slice.call(input.files || []);
    batch.hidden = files.length > 0;
    var selects = files.map(function (file, index) {
      var row = document.createElement("div");
      row.className = "per-file-row";
      var name = document.createElement("div");
      name.className = "name small";
      name.textContent = (index + 1) + ". " + file.name;
      row.appendChild(name);

      var kind = batchKind.cloneNode(true);
      kind.value = batchKind.value;
      kind.addEventListener("change", function () { kind.setAttribute("data-chosen", ""); });
      addField(row, index, "kind", container.dataset.labelKind, kind);

      var description = document.createElement("input");
      description.type = "text";
      description.maxLength = 200;
      addField(row, index, "description", container.dataset.labelDescription, description);

      var captured = document.createElement("input");
      captured.type = "date";
      addField(row, index, "captured_on", container.dataset.labelCaptured, captured);
      container.appendChild(row);
      return kind;
    });
    var rules = container.dataset.guess ? JSON.parse(container.dataset.guess) : null;
    if (!rules || batchKind.value !== "auto") return;
    guessKinds(files, rules).then(function (kinds) {
      kinds.forEach(function (kind, index) {
        var select = selects[index];
        if (kind && select.isConnected && !select.hasAttribute("data-chosen")) select.value = kind;
      });
      form.setAttribute("data-guessed", "");
    });
  }

  document.querySelectorAll("form.evidence-upload").forEach(function (form) {
    var input = form.querySelector("input[type=file][name=files]");
    if (input) {
      input.addEventListener("change", function () { buildPerFileRows(form); });
    }
  });

  // A checklist item's own upload: one tap on its button, the pick, and the form is sent.
  document.querySelectorAll("form.item-upload").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var send = form.querySelector(".item-send");
    if (!input) return;
    if (send) send.hidden = true;
    input.addEventListener("change", function () {
      if (!input.files || !input.files.length) return;
      form.classList.add("is-sending");
      form.submit();
    });
  });

  // Copy buttons: data-copy holds the text, or data-copy-target names the element (a textarea
  // the consumer may have edited) whose current value is copied. Hidden until JavaScript runs.
  // Older browsers, and pages not served over HTTPS, have no async clipboard.
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
      return navigator.clipboard.writeText(text).catch(function () {
        return copyWithSelection(text);
      });
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

  // For the page scripts loaded after this one (transcript.js): one copy, one message.
  window.weiquan = { copy: copy, say: say };

  // A copy button whose text lives on another page (data-copy-url) fetches it when pressed.
  // Where the clipboard takes a pending item (Safari, Chromium) the text is handed over as a
  // promise, so the copy still counts as the tap's own; elsewhere it is written once fetched.
  function copyFromUrl(url) {
    var text = fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    });
    if (window.ClipboardItem && navigator.clipboard && navigator.clipboard.write && window.isSecureContext) {
      var item = new window.ClipboardItem({
        "text/plain": text.then(function (value) { return new Blob([value], { type: "text/plain" }); })
      });
      return navigator.clipboard.write([item]).catch(function () { return text.then(copy); });
    }
    return text.then(copy);
  }

  document.querySelectorAll("button[data-copy-url]").forEach(function (button) {
    button.hidden = false;
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      copyFromUrl(button.getAttribute("data-copy-url")).then(
        function () { say(button, button.getAttribute("data-copied")); },
        function () { say(button, button.getAttribute("data-copy-failed")); }
      );
    });
  });

  document.querySelectorAll("button[data-copy], button[data-copy-target]").forEach(function (button) {
    button.hidden = false;
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      var target = document.getElementById(button.getAttribute("data-copy-target") || "");
      if (target) text = "value" in target ? target.value : target.textContent;
      copy(text || "").then(
        function () { say(button, button.getAttribute("data-copied")); },
        function () { say(button, button.getAttribute("data-copy-failed")); }
      );
    });
  });

  // Dossiers being made: ask the server every two seconds, then offer the download, or the
  // reason and the retry button. The server says "interrupted" once a worker stopped renewing
  // its lease: no spinner then, but the page keeps asking while the job is retried.
  document.querySelectorAll(
    "li.dossier[data-state=pending], li.dossier[data-state=building], li.dossier[data-state=interrupted]"
  ).forEach(function (item) {
    var state = item.querySelector(".dossier-state");
    var poll = function () {
      fetch(item.getAttribute("data-status-url"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (status) {
          item.setAttribute("data-state", status.state);
          if (status.state === "ready") {
            var link = document.createElement("a");
            link.href = status.download;
            link.textContent = status.download_label;
            link.className = "btn btn-brand btn-tall dossier-download d-block mt-1";
            state.textContent = " · ";
            state.appendChild(link);
          } else if (status.state === "failed") {
            state.textContent = " · " + status.label + "：" + status.error;
            state.className = "dossier-state small text-danger";
            var token = document.querySelector("#dossiers input[name=csrfmiddlewaretoken]");
            if (status.retry && token) {
              var form = document.createElement("form");
              form.method = "post";
              form.action = status.retry;
              form.className = "d-inline dossier-retry";
              form.appendChild(token.cloneNode());
              var button = document.createElement("button");
              button.type = "submit";
              button.className = "btn btn-outline-secondary btn-tall";
              button.textContent = status.retry_label;
              form.appendChild(button);
              item.appendChild(form);
            }
          } else {
            state.textContent = " · ";
            if (status.spinner) {
              var spinner = document.createElement("span");
              spinner.className = "spinner-border spinner-border-sm";
              spinner.setAttribute("aria-hidden", "true");
              state.appendChild(spinner);
            }
            state.appendChild(document.createTextNode(" " + status.label + " " + status.progress));
            window.setTimeout(poll, 2000);
          }
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 1500);
  });

  // An order screenshot being read for a new case: ask the server every 1.5 seconds, then go to
  // the case form, filled with what was read (or empty with a message). Without JavaScript the
  // page refreshes itself (a <meta> refresh inside <noscript>) and has a 刷新 button.
  document.querySelectorAll(".screenshot-reading[data-status-url]").forEach(function (box) {
    var state = box.querySelector(".reading-state");
    var poll = function () {
      fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (status) {
          if (status.state !== "reading") {
            window.location.replace(status.next || box.getAttribute("data-next-url"));
            return;
          }
          if (state && status.label) state.textContent = status.label;
          window.setTimeout(poll, 1500);
        })
        .catch(function () { window.setTimeout(poll, 4000); });
    };
    window.setTimeout(poll, 1000);
  });

  // The installable app: a service worker for the whole site (templates/webapp/sw.js). It keeps
  // only public static files and the offline page. Service workers need HTTPS or localhost.
  var workerUrl = document.body.getAttribute("data-service-worker");
  if (workerUrl && "serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(workerUrl, { scope: "/" }).catch(function () {});
  }

  // On logout, drop every cache but the worker's static one before the form is sent, so a
  // shared phone keeps nothing of the account (the worker stores no page, this is the backstop).
  var STATIC_CACHE_PREFIX = "weiquan-static-";
  function clearPrivateCaches() {
    if (!("caches" in window)) return Promise.resolve();
    return caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf(STATIC_CACHE_PREFIX) !== 0;
      }).map(function (key) { return caches.delete(key); }));
    });
  }

  document.querySelectorAll("form[data-clear-caches]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var send = function () { form.submit(); };
      var atMost = new Promise(function (resolve) { window.setTimeout(resolve, 1500); });
      Promise.race([clearPrivateCaches(), atMost]).then(send, send);
    });
  });
})();
