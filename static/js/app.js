/*
 * OBCMS page enhancements. Everything here is optional: every page works without it.
 * No framework, no inline handlers, no eval, so it runs under the strict CSP
 * (script-src 'self').
 */
(function () {
  "use strict";

  var CLOSE_LABEL = document.documentElement.getAttribute("data-close-label") || "Dismiss";

  // Messages: add a close button to each dismissible alert. The button is created here,
  // not in the template, so a page without JavaScript never shows a button that does nothing.
  function addCloseButtons(root) {
    var selector = ".alert[data-dismissible]:not([data-close-ready])";
    var alerts = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) {
      alerts.push(root);
    }
    alerts.forEach(function (alert) {
      alert.setAttribute("data-close-ready", "");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "alert-close";
      button.setAttribute("aria-label", CLOSE_LABEL);
      button.textContent = "\u00d7";
      button.addEventListener("click", function () {
        var container = alert.parentElement;
        alert.remove();
        if (container && container.classList.contains("messages") && !container.querySelector(".alert")) {
          container.remove();
        }
        var main = document.getElementById("main");
        if (main) {
          main.focus();
        }
      });
      alert.appendChild(button);
    });
  }

  // Mobile menu (<details>): close on Escape and when clicking outside it. Opening and
  // closing itself needs no script.
  function closeMenus(except) {
    var menus = document.querySelectorAll("details.mobile-menu[open]");
    Array.prototype.forEach.call(menus, function (menu) {
      if (menu !== except) {
        menu.removeAttribute("open");
      }
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector("details.mobile-menu[open]");
    if (open) {
      open.removeAttribute("open");
      var summary = open.querySelector("summary");
      if (summary) {
        summary.focus();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    var menu = target && target.closest ? target.closest("details.mobile-menu") : null;
    closeMenus(menu);
  });

  function init() {
    addCloseButtons(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  // Search and filter forms refresh their results on "change" so a new select choice
  // applies at once. A typed box also fires "change" when it loses focus, which is exactly
  // when the user taps a result link: the refresh's pushState would then cancel that
  // navigation. Typed boxes refresh on Enter (submit) or their own "input" trigger instead.
  var TYPED_INPUTS = ["text", "search", "number", "email", "tel", "url"];
  document.addEventListener("htmx:confirm", function (event) {
    var detail = event.detail || {};
    var trigger = detail.triggeringEvent;
    var source = trigger && trigger.target;
    if (
      trigger &&
      trigger.type === "change" &&
      detail.elt &&
      detail.elt.tagName === "FORM" &&
      source !== detail.elt &&
      source.tagName === "INPUT" &&
      TYPED_INPUTS.indexOf((source.type || "text").toLowerCase()) !== -1
    ) {
      event.preventDefault();
    }
  });

  // A failed form's error summary takes the focus (the template's `autofocus` does it on a
  // full page load; this covers a summary or a failed form swapped in by htmx).
  function focusErrorSummary(root) {
    var summary = root.querySelector ? root.querySelector("[data-error-summary]") : null;
    if (!summary && root.querySelector) {
      var invalid = root.querySelector("[aria-invalid='true']");
      if (invalid) {
        invalid.focus();
        return;
      }
    }
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    focusErrorSummary(event.detail && event.detail.elt ? event.detail.elt : document);
  });

  if (document.readyState !== "loading") {
    focusErrorSummary(document);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      if (document.activeElement === document.body) {
        focusErrorSummary(document);
      }
    });
  }

  // Busy state of a plain (non-htmx) form marked data-busy: show its indicator and disable its
  // buttons once it is on its way. Disabling waits a tick so the pressed button's name and
  // value are still sent. htmx forms get the same from hx-indicator / hx-disabled-elt.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (
      event.defaultPrevented ||
      !form.hasAttribute ||
      !form.hasAttribute("data-busy") ||
      form.hasAttribute("hx-post") ||
      form.hasAttribute("hx-get")
    ) {
      return;
    }
    form.classList.add("is-busy");
    form.setAttribute("aria-busy", "true");
    window.setTimeout(function () {
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  // Coming back with the browser's back button may restore a page frozen while busy.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("form.is-busy"), function (form) {
      form.classList.remove("is-busy");
      form.removeAttribute("aria-busy");
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
        button.disabled = false;
      });
    });
  });

  // Alerts swapped in by htmx get their close buttons too.
  document.addEventListener("htmx:load", function (event) {
    addCloseButtons(event.target);
  });
})();
