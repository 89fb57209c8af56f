// weiquan 打码分享: tap the proposed boxes on the picture to cover or uncover them, and add
// boxes by tapping or dragging. Without JavaScript the page still works: the checkboxes
// under the picture choose the boxes, the picture shows them numbered.
(function () {
  "use strict";
  var form = document.querySelector("form.redact-form");
  if (!form) return;
  var stage = form.querySelector(".redact-stage");
  var img = stage.querySelector("img");
  var extraInput = form.querySelector(".redact-extra");
  var addButton = form.querySelector(".redact-add");
  var undoButton = form.querySelector(".redact-undo");
  var orders = form.querySelector(".redact-orders");
  var checkboxes = Array.prototype.slice.call(form.querySelectorAll("input[name=cover]"));
  var NS = "http://www.w3.org/2000/svg";
  var MIN_TARGET = 24; // px on screen: every box can be tapped
  var svg = stage.querySelector("svg.redact-overlay");
  var manual = [];
  var hits = [];
  var adding = false;
  var drag = null;

  try {
    manual = JSON.parse(extraInput.value || "[]");
    if (!Array.isArray(manual)) manual = [];
  } catch (error) {
    manual = [];
  }

  function size() {
    return {
      w: Number(stage.getAttribute("data-width")) || img.naturalWidth,
      h: Number(stage.getAttribute("data-height")) || img.naturalHeight
    };
  }

  function ensureSvg() {
    if (svg) return svg;
    var s = size();
    svg = document.createElementNS(NS, "svg");
    svg.setAttribute("class", "redact-overlay");
    svg.setAttribute("viewBox", "0 0 " + s.w + " " + s.h);
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("aria-hidden", "true");
    stage.appendChild(svg);
    return svg;
  }

  function rectFor(id) {
    return svg ? svg.querySelector('rect[data-cover="' + id + '"]') : null;
  }

  // A transparent button over each box, at least MIN_TARGET px each way, centred on it.
  function place(button, box) {
    var s = size();
    var scale = img.clientWidth / s.w;
    var left = img.offsetLeft + box[0] * scale;
    var top = img.offsetTop + box[1] * scale;
    var width = (box[2] - box[0]) * scale;
    var height = (box[3] - box[1]) * scale;
    if (width < MIN_TARGET) { left -= (MIN_TARGET - width) / 2; width = MIN_TARGET; }
    if (height < MIN_TARGET) { top -= (MIN_TARGET - height) / 2; height = MIN_TARGET; }
    button.style.left = left + "px";
    button.style.top = top + "px";
    button.style.width = width + "px";
    button.style.height = height + "px";
  }

  function boxOf(checkbox) {
    var rect = rectFor(checkbox.value);
    if (!rect) return null;
    var x = Number(rect.getAttribute("x")), y = Number(rect.getAttribute("y"));
    return [x, y, x + Number(rect.getAttribute("width")), y + Number(rect.getAttribute("height"))];
  }

  function sync() {
    checkboxes.forEach(function (checkbox) {
      var rect = rectFor(checkbox.value);
      if (rect) rect.classList.toggle("is-on", checkbox.checked);
    });
    hits.forEach(function (hit) {
      if (hit.checkbox) hit.button.setAttribute("aria-pressed", hit.checkbox.checked ? "true" : "false");
    });
    if (orders) {
      var orderBoxes = checkboxes.filter(function (c) { return c.getAttribute("data-kind") === "order_number"; });
      orders.checked = orderBoxes.length > 0 && orderBoxes.every(function (c) { return c.checked; });
    }
    extraInput.value = manual.length ? JSON.stringify(manual) : "";
    undoButton.disabled = manual.length === 0;
  }

  function layout() {
    hits.forEach(function (hit) { place(hit.button, hit.box); });
  }

  function drawManual() {
    hits = hits.filter(function (hit) {
      if (hit.manual) hit.button.remove();
      return !hit.manual;
    });
    if (svg) {
      Array.prototype.forEach.call(svg.querySelectorAll("rect.is-manual"), function (r) { r.remove(); });
    }
    manual.forEach(function (box, index) {
      var rect = document.createElementNS(NS, "rect");
      rect.setAttribute("class", "redact-rect is-on is-manual");
      rect.setAttribute("x", box[0]);
      rect.setAttribute("y", box[1]);
      rect.setAttribute("width", box[2] - box[0]);
      rect.setAttribute("height", box[3] - box[1]);
      ensureSvg().appendChild(rect);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "redact-hit is-manual";
      button.setAttribute("aria-label", form.getAttribute("data-remove-label") + " " + (index + 1));
      button.addEventListener("click", function () {
        if (adding) return;
        manual.splice(index, 1);
        drawManual();
      });
      stage.appendChild(button);
      hits.push({ button: button, box: box, manual: true });
    });
    layout();
    sync();
  }

  function build() {
    checkboxes.forEach(function (checkbox) {
      var box = boxOf(checkbox);
      if (!box) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "redact-hit";
      button.setAttribute("aria-label", checkbox.getAttribute("data-label"));
      button.addEventListener("click", function () {
        if (adding) return;
        checkbox.checked = !checkbox.checked;
        sync();
      });
      stage.appendChild(button);
      hits.push({ button: button, box: box, checkbox: checkbox });
    });
    drawManual();
  }

  function pointAt(event) {
    var s = size();
    var bounds = img.getBoundingClientRect();
    var x = (event.clientX - bounds.left) * s.w / bounds.width;
    var y = (event.clientY - bounds.top) * s.h / bounds.height;
    return [Math.max(0, Math.min(s.w, x)), Math.max(0, Math.min(s.h, y))];
  }

  function setAdding(on) {
    adding = on;
    stage.classList.toggle("is-adding", on);
    addButton.setAttribute("aria-pressed", on ? "true" : "false");
  }

  stage.addEventListener("pointerdown", function (event) {
    if (!adding) return;
    event.preventDefault();
    var start = pointAt(event);
    var rect = document.createElementNS(NS, "rect");
    rect.setAttribute("class", "redact-rect is-drawing");
    ensureSvg().appendChild(rect);
    drag = { start: start, rect: rect, x: event.clientX, y: event.clientY };
    stage.setPointerCapture(event.pointerId);
  });

  stage.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var end = pointAt(event);
    drag.rect.setAttribute("x", Math.min(drag.start[0], end[0]));
    drag.rect.setAttribute("y", Math.min(drag.start[1], end[1]));
    drag.rect.setAttribute("width", Math.abs(end[0] - drag.start[0]));
    drag.rect.setAttribute("height", Math.abs(end[1] - drag.start[1]));
  });

  stage.addEventListener("pointerup", function (event) {
    if (!drag) return;
    var s = size();
    var end = pointAt(event);
    var moved = Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y);
    var box;
    if (moved < 12) {
      // A tap: a box the size of a line of text, centred where the finger was.
      var w = Math.round(s.w * 0.3), h = Math.max(8, Math.round(s.w * 0.06));
      var left = Math.round(Math.max(0, Math.min(s.w - w, drag.start[0] - w / 2)));
      var top = Math.round(Math.max(0, Math.min(s.h - h, drag.start[1] - h / 2)));
      box = [left, top, Math.min(s.w, left + w), Math.min(s.h, top + h)];
    } else {
      box = [
        Math.floor(Math.min(drag.start[0], end[0])), Math.floor(Math.min(drag.start[1], end[1])),
        Math.ceil(Math.max(drag.start[0], end[0])), Math.ceil(Math.max(drag.start[1], end[1]))
      ];
    }
    drag.rect.remove();
    drag = null;
    setAdding(false);
    if (box[2] - box[0] >= 4 && box[3] - box[1] >= 4) manual.push(box);
    drawManual();
  });

  addButton.addEventListener("click", function () { setAdding(!adding); });
  undoButton.addEventListener("click", function () {
    manual.pop();
    drawManual();
  });
  checkboxes.forEach(function (checkbox) { checkbox.addEventListener("change", sync); });
  if (orders) {
    orders.addEventListener("change", function () {
      checkboxes.forEach(function (c) {
        if (c.getAttribute("data-kind") === "order_number") c.checked = orders.checked;
      });
      sync();
    });
  }
  window.addEventListener("resize", layout);
  if (img.complete && img.naturalWidth) build();
  else img.addEventListener("load", build);
})();
