/*
 * OnsPlan page script, loaded on every page with
 *   <script src="/static/js/app.js" defer></script>
 *
 * Everything here is progressive enhancement: every page works without it.
 * No inline styles: it only toggles the `hidden` attribute and text.
 *
 * Content that htmx swaps in is enhanced too (htmx fires "htmx:load" on every
 * new piece of content); clicks and changes are handled by delegation on the
 * document, so they work for swapped-in elements without extra wiring.
 */
(() => {
  "use strict";

  const COPIED_FOR_MS = 2000;

  /* ------------------------------------------------------ service worker */

  /**
   * Registers /sw.js, then tells it the page's language (so it can keep the
   * offline page in that language) and, on the logged-out page, to clear
   * every cache that could hold personal data.
   */
  async function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) return;
    try {
      await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      const registration = await navigator.serviceWorker.ready;
      const worker = registration.active;
      if (!worker) return;

      const lang = document.documentElement.lang;
      if (lang) worker.postMessage({ type: "language", lang });
      if (document.body.dataset.loggedOut === "1") worker.postMessage({ type: "logout" });
    } catch (error) {
      console.warn("OnsPlan: service worker not registered", error);
    }
  }

  /* --------------------------------------------------------- enhancement */

  const canCopy = Boolean(navigator.clipboard && navigator.clipboard.writeText);
  const canShare = typeof navigator.share === "function";

  /** Shows the controls that need JS, hides the ones JS makes redundant. */
  function enhance(root) {
    if (!root || typeof root.querySelectorAll !== "function") return;
    const all = (selector) => {
      const found = Array.from(root.querySelectorAll(selector));
      if (root.matches && root.matches(selector)) found.push(root);
      return found;
    };

    // A select[data-autosubmit] submits itself; its submit button is for no-JS.
    all("[data-autosubmit-button]").forEach((button) => {
      button.hidden = true;
    });
    // Copy and share buttons start hidden in the HTML: show them only when
    // they can work.
    if (canCopy) {
      all("button[data-copy]").forEach((button) => {
        button.hidden = false;
      });
    }
    // Print buttons need JavaScript (window.print); without it the browser's own print menu works.
    all("button[data-print]").forEach((button) => {
      button.hidden = false;
    });
    if (canShare) {
      all("button[data-share-url]").forEach((button) => {
        button.hidden = false;
      });
    }
  }

  /* ---------------------------------------------------------- autosubmit */

  function onChange(event) {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.matches("[data-autosubmit]")) return;
    const form = select.form;
    if (!form) return;
    // requestSubmit fires "submit" (so htmx and validation still run) and
    // sends the (hidden) button's name/value, exactly like a no-JS submit.
    const button = form.querySelector("[data-autosubmit-button]");
    const submitter = button && button.form === form && button.type === "submit" ? button : undefined;
    form.requestSubmit(submitter);
  }

  /* ---------------------------------------------------------------- copy */

  // Per button: its original content and the timer that restores it.
  const copyState = new WeakMap();

  function textOf(element) {
    if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
      return element.value;
    }
    return element.textContent.trim();
  }

  /** Selects the source's text so the user can copy it by hand. */
  function selectText(element) {
    if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
      element.select();
      return;
    }
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /**
   * Shows data-copied-label on the button for a moment. The text change is
   * announced when the button sits in an aria-live="polite" region.
   */
  function showCopied(button) {
    const label = button.dataset.copiedLabel;
    if (!label) return;
    let state = copyState.get(button);
    if (state) {
      clearTimeout(state.timer);
    } else {
      state = { original: Array.from(button.childNodes) };
      copyState.set(button, state);
    }
    button.textContent = label;
    state.timer = setTimeout(() => {
      button.replaceChildren(...state.original);
      copyState.delete(button);
    }, COPIED_FOR_MS);
  }

  async function copy(button) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) return;
    try {
      await navigator.clipboard.writeText(textOf(source));
      showCopied(button);
    } catch (error) {
      // No clipboard permission: leave the text selected instead.
      selectText(source);
    }
  }

  /* --------------------------------------------------------------- share */

  async function share(button) {
    const data = { url: new URL(button.dataset.shareUrl, document.baseURI).href };
    if (button.dataset.shareTitle) data.title = button.dataset.shareTitle;
    try {
      await navigator.share(data);
    } catch (error) {
      // AbortError: the user closed the share sheet. Nothing else to do.
      if (error.name !== "AbortError") console.warn("OnsPlan: share failed", error);
    }
  }

  function onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;

    const copyButton = target.closest("button[data-copy]");
    if (copyButton && canCopy) {
      event.preventDefault();
      copy(copyButton);
      return;
    }
    if (target.closest("button[data-print]")) {
      event.preventDefault();
      window.print();
      return;
    }
    const shareButton = target.closest("button[data-share-url]");
    if (shareButton && canShare) {
      event.preventDefault();
      share(shareButton);
    }
  }

  /* ---------------------------------------------------------------- start */

  document.addEventListener("change", onChange);
  document.addEventListener("click", onClick);
  document.addEventListener("htmx:load", (event) => enhance(event.target));
  enhance(document);

  // Register after the page has loaded, so the worker's precache does not
  // compete with the page's own requests.
  if (document.readyState === "complete") {
    registerServiceWorker();
  } else {
    window.addEventListener("load", registerServiceWorker, { once: true });
  }
})();
