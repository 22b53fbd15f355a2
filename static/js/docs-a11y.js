/*
 * Accessibility fixes to the markup Swagger UI renders on /api/v1/docs, where CSS cannot help.
 *
 * Swagger UI is a React app that adds nodes as operations and dialogs open, so the fixes run
 * again on whatever it adds. They only set or remove attributes and never add, move or remove
 * a node, so React's own bookkeeping of the page stays correct.
 */
(() => {
  "use strict";
  const root = document.getElementById("swagger-ui");
  // Headings whose level is not simply one less than Swagger UI's: Schemas is a peer of the
  // tags, and "Authorized" in the dialog sits right under its scheme's <h4> (now level 3).
  const HEADING_LEVELS = [
    [".models > h4", 2],
    [".auth-container h6", 4],
  ];
  // Controls with no name: buttons that show only an icon, a menu with "Examples:" beside it
  // but not tied to it, the request body's editor (axe: button-name, select-name, label).
  const NAMES = [
    [".copy-to-clipboard > button", "Copy to clipboard"],
    [".close-modal", "Close"],
    [".examples-select-element", "Examples"],
    ["textarea.body-param__text", "Request body"],
  ];

  function each(selector, change) {
    root.querySelectorAll(selector).forEach(change);
  }

  function fix() {
    // An operation's summary is a <button> holding the path as a deep link <a href>: a control
    // inside a control, which screen readers and keyboards handle badly (axe: nested-interactive).
    // Swagger UI cancels that link's click anyway, and opening the operation with the button
    // puts the same #/tag/operation in the address bar, so the href adds only a second tab stop.
    each(".opblock-summary-control a[href]", (link) => link.removeAttribute("href"));
    // The title is an <h1> but tags are <h3>, skipping a level (axe: heading-order). Announce
    // every heading below the title one level up, except where Swagger UI skips one itself.
    each("h3:not([aria-level]), h4:not([aria-level]), h5:not([aria-level]), h6:not([aria-level])", (heading) => {
      const special = HEADING_LEVELS.find(([selector]) => heading.matches(selector));
      heading.setAttribute("aria-level", String(special ? special[1] : Number(heading.tagName[1]) - 1));
    });
    // Each open operation's responses table is a region landmark, all of them unnamed
    // (axe: landmark-unique): name each after its operation.
    each(".opblock table.responses-table[role=region]:not([aria-label])", (table) => {
      const summary = table.closest(".opblock").querySelector(".opblock-summary");
      const method = summary.querySelector(".opblock-summary-method").textContent;
      const path = summary.querySelector("[data-path]").dataset.path;
      table.setAttribute("aria-label", `Responses of ${method} ${path}`);
    });
    for (const [selector, name] of NAMES) {
      each(`${selector}:not([aria-label])`, (control) => control.setAttribute("aria-label", name));
    }
    // "Authorize" and "Logout" in the dialog are named "Apply credentials" and "Remove
    // authorization", which speech-input users cannot say (axe: label-content-name-mismatch);
    // without the aria-label their visible words are their names.
    each(".auth-btn-wrapper button[aria-label]", (button) => button.removeAttribute("aria-label"));
    // Code samples and responses scroll when long; a keyboard can scroll only what it can focus
    // (axe: scrollable-region-focusable).
    each("pre.microlight:not([tabindex])", (pre) => pre.setAttribute("tabindex", "0"));
  }

  fix();
  // Attributes too: React puts back an aria-label or href when it reuses a node for new props.
  new MutationObserver(fix).observe(root, { childList: true, subtree: true, attributeFilter: ["href", "aria-label"] });
})();
