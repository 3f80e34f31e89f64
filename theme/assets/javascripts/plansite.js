/* plansite: keyboard access where mkdocs-material leaves none (WCAG 2.1.1, 4.1.2).
 *
 * Below 76.25em the navigation opens from a menu icon that is a <label>, which a keyboard
 * cannot reach (and plansite.css hides the closed drawer, whose links were invisible tab
 * stops): it becomes a named button with its state, opened with Enter (material's own key
 * handler clicks a focused label) or Space, and Escape closes the drawer again.
 *
 * Material wraps each Markdown table in a `.md-typeset__scrollwrap` box that scrolls sideways
 * on a phone, but a keyboard cannot reach it. Each one becomes a named region that takes focus,
 * as plansite's own tables are. Material makes a code block a tab stop while it is too wide to
 * show (and only then); while it is one, it is a region named after its file or "Code example".
 *
 * Loaded after material's bundle, so `document$` (material's page observable) exists and its
 * own handlers, which wrap the tables, have run first.
 */
(function () {
  "use strict";

  function textOf(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  /* The caption, or the heading the table sits under ("Table: Goals"), numbered from the
     second table under the same heading. */
  function tableName(box, counts) {
    var caption = box.querySelector("caption");
    if (caption && textOf(caption)) return textOf(caption);
    var heading = null;
    for (var node = box; node && !heading; node = node.previousElementSibling || node.parentElement) {
      if (/^H[1-6]$/.test(node.tagName) && node !== box) heading = node;
      if (node.classList && node.classList.contains("md-content")) break;
    }
    var under = heading ? textOf(heading) : document.title;
    counts[under] = (counts[under] || 0) + 1;
    return "Table: " + under + (counts[under] > 1 ? " (" + counts[under] + ")" : "");
  }

  function nameTables(root) {
    var counts = {};
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var name = tableName(box, counts);
      if (box.hasAttribute("tabindex")) return;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name);
    });
  }

  function codeName(code) {
    var block = code.closest(".highlight");
    var file = block && block.querySelector(".filename");
    return file && textOf(file) ? "Code example: " + textOf(file) : "Code example";
  }

  /* Follows material's tabindex on code blocks, which it sets and removes as the width changes. */
  function nameCodeWhileFocusable(code) {
    if (code.hasAttribute("tabindex")) {
      code.setAttribute("role", "region");
      code.setAttribute("aria-label", codeName(code));
    } else if (code.getAttribute("role") === "region") {
      code.removeAttribute("role");
      code.removeAttribute("aria-label");
    }
  }

  var watching = new MutationObserver(function (changes) {
    changes.forEach(function (change) { nameCodeWhileFocusable(change.target); });
  });

  function nameCode(root) {
    root.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      nameCodeWhileFocusable(code);
      watching.observe(code, { attributes: true, attributeFilter: ["tabindex"] });
    });
  }

  function makeMenuButton() {
    var drawer = document.getElementById("__drawer");
    var button = document.querySelector('.md-header label[for="__drawer"]');
    if (!drawer || !button || button.hasAttribute("tabindex")) return;
    button.setAttribute("tabindex", "0");
    button.setAttribute("role", "button");
    button.setAttribute("aria-label", "Navigation");
    var showState = function () { button.setAttribute("aria-expanded", String(drawer.checked)); };
    showState();
    drawer.addEventListener("change", showState);
    button.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        button.click();
      }
    });
    /* Escape closes the open drawer and puts the focus back on its button. */
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        button.click();
        button.focus();
      }
    });
  }

  makeMenuButton();
  document$.subscribe(function (page) {
    nameTables(page);
    nameCode(page);
  });
})();
