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
      // A public page marked data-offline-keep (an article): keep a copy to read offline.
      if (document.querySelector("[data-offline-keep]")) {
        worker.postMessage({ type: "keep", url: location.pathname + location.search, lang });
      }
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
    if (button.dataset.shareText) data.text = button.dataset.shareText;
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

  /* ------------------------------------------------ offline message queue */

  /*
   * A message written without a connection is not lost. When the message form
   * is submitted offline, or htmx cannot reach the server (htmx:sendError), the
   * text is kept on this device in localStorage (the user's own text on the
   * user's own device; cleared once sent and on the logged-out page), shown in
   * the thread as "wordt verstuurd", and sent as soon as the connection is back
   * (the "online" event, the next page load, or a retry timer). Each item keeps
   * the form's client_key, so the server stores it exactly once however often
   * it is sent, and the form's CSRF token, so it is only ever sent in the
   * session that wrote it.
   *
   * A server error (5xx) while online is different: htmx does not swap (see
   * htmx-config in base.html), the text stays in the box, and the form's
   * translated error is shown. Pressing "Versturen" again uses the same key.
   */

  const QUEUE_KEY = "onsplan-outbox";
  const RETRY_FIRST_MS = 5000;
  const RETRY_MAX_MS = 60000;
  let retryDelay = RETRY_FIRST_MS;
  let retryTimer = null;
  let flushing = false;

  function readQueue() {
    try {
      const items = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(items) ? items.filter((item) => item && typeof item === "object") : [];
    } catch (error) {
      return [];
    }
  }

  /** False when the device refused to store it (private mode, full). */
  function writeQueue(items) {
    try {
      if (items.length) localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
      else localStorage.removeItem(QUEUE_KEY);
      return true;
    } catch (error) {
      return false;
    }
  }

  function clearQueue() {
    try {
      localStorage.removeItem(QUEUE_KEY);
    } catch (error) {
      // nothing stored, nothing to clear
    }
  }

  function newClientKey() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID().replace(/-/g, "");
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** A same-origin path for a queued action, or null (never send a stored text anywhere else). */
  function sameOriginPath(action) {
    try {
      const url = new URL(action, window.location.origin);
      if (url.origin !== window.location.origin || !url.pathname.startsWith("/berichten/")) return null;
      return url.pathname;
    } catch (error) {
      return null;
    }
  }

  function messageForm() {
    const form = document.getElementById("message-form");
    return form instanceof HTMLFormElement ? form : null;
  }

  function formAction(form) {
    return sameOriginPath(form.getAttribute("action") || "");
  }

  function showFormMessage(form, attribute) {
    form.querySelectorAll("[data-send-error], [data-offline-file-error], [data-queued-failed]").forEach((el) => {
      el.hidden = !el.hasAttribute(attribute);
    });
  }

  function hideFormMessages(form) {
    showFormMessage(form, "data-none");
  }

  function setQueuedNote(form, visible) {
    const note = form.querySelector("[data-queued-note]");
    if (note) note.hidden = !visible;
  }

  /** The message in the thread, marked "wordt verstuurd" until the server has it. */
  function addPendingBubble(form, item) {
    const thread = document.getElementById("thread");
    if (!thread || thread.querySelector(`[data-pending-key="${CSS.escape(item.client_key)}"]`)) return;
    const bubble = document.createElement("li");
    bubble.className = "bubble bubble--mine bubble--pending";
    bubble.dataset.pendingKey = item.client_key;
    const meta = document.createElement("p");
    meta.className = "bubble__meta";
    const who = document.createElement("strong");
    who.textContent = form.dataset.meLabel || "";
    const state = document.createElement("span");
    state.className = "bubble__state";
    state.textContent = form.dataset.pendingLabel || "";
    meta.append(who, " · ", state);
    const body = document.createElement("div");
    body.className = "bubble__body";
    const text = document.createElement("p");
    text.textContent = item.body;
    body.append(text);
    bubble.append(meta, body);
    thread.append(bubble);
  }

  function removePendingBubbles(keys) {
    keys.forEach((key) => {
      document.querySelectorAll(`[data-pending-key="${CSS.escape(key)}"]`).forEach((el) => el.remove());
    });
  }

  /** Keep the form's text on this device and show it as pending; the form is ready for the next message. */
  function queueFromForm(form) {
    const textarea = form.elements.namedItem("body");
    const key = form.elements.namedItem("client_key");
    const csrf = form.elements.namedItem("csrf_token");
    const file = form.elements.namedItem("attachment");
    const action = formAction(form);
    if (!textarea || !key || !csrf || !action) return;
    hideFormMessages(form);
    if (file && file.files && file.files.length) {
      // A file cannot wait in localStorage: keep everything in the form and say why.
      showFormMessage(form, "data-offline-file-error");
      return;
    }
    if (!textarea.value.trim()) return; // nothing to keep
    const after = form.elements.namedItem("after");
    const item = {
      action,
      body: textarea.value,
      client_key: key.value,
      csrf: csrf.value,
      after: after ? after.value : "0",
      owner: form.dataset.owner || "",
    };
    const queue = readQueue().filter((queued) => queued.client_key !== item.client_key);
    queue.push(item);
    if (!writeQueue(queue)) {
      showFormMessage(form, "data-send-error"); // the text stays in the box
      return;
    }
    addPendingBubble(form, item);
    textarea.value = "";
    key.value = newClientKey(); // the next message is a new one
    setQueuedNote(form, true);
    scheduleRetry();
  }

  /** "sent", "retry" (no connection, server trouble, logged out) or "failed" (refused: the user must act). */
  async function deliver(item) {
    const path = sameOriginPath(item.action);
    if (!path || typeof item.body !== "string" || typeof item.client_key !== "string") return "failed";
    const data = new FormData();
    data.append("csrf_token", item.csrf || "");
    data.append("client_key", item.client_key);
    data.append("after", item.after || "0");
    data.append("body", item.body);
    let response;
    try {
      response = await fetch(path, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        redirect: "manual", // a redirect means the login page: not sent
        headers: { "X-CSRFToken": item.csrf || "", "HX-Request": "true" },
      });
    } catch (error) {
      return "retry";
    }
    if (response.type === "opaqueredirect") return "retry";
    if (response.ok) return "sent";
    if (response.status >= 500 || response.status === 408 || response.status === 429) return "retry";
    return "failed";
  }

  function scheduleRetry() {
    if (retryTimer || !readQueue().some((item) => !item.failed)) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      flushQueue();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  /** Show the newly stored messages in the open thread (the poller asks for them now), then drop the pending ones. */
  async function refreshThread(sentKeys) {
    const poller = document.getElementById("poller");
    try {
      if (poller && window.htmx && poller.getAttribute("hx-get")) {
        await window.htmx.ajax("GET", poller.getAttribute("hx-get"), {
          source: poller,
          target: "#poller",
          swap: "outerHTML",
        });
      }
    } catch (error) {
      // the poller asks again in a few seconds
    } finally {
      removePendingBubbles(sentKeys);
    }
  }

  /** Send what waits, oldest first; stop at the first one that must wait for the connection. */
  async function flushQueue() {
    if (flushing || !navigator.onLine) return;
    flushing = true;
    const sent = [];
    try {
      for (const item of readQueue()) {
        if (item.failed) continue;
        const outcome = await deliver(item);
        if (outcome === "retry") break;
        const rest = readQueue().filter((queued) => queued.client_key !== item.client_key);
        if (outcome === "failed") rest.push({ ...item, failed: true });
        writeQueue(rest);
        if (outcome === "sent") sent.push(item);
      }
    } finally {
      flushing = false;
    }
    const form = messageForm();
    if (sent.length) {
      retryDelay = RETRY_FIRST_MS;
      if (form && sent.some((item) => item.action === formAction(form))) await refreshThread(sent.map((i) => i.client_key));
    }
    if (form && !readQueue().some((item) => !item.failed && item.action === formAction(form))) {
      setQueuedNote(form, false);
    }
    restoreRefused();
    scheduleRetry();
  }

  /**
   * A queued message the server refused (for example after logging in again, its form token is no longer valid):
   * put the text back in the empty box of its conversation, with the form's error. Someone else's text (another
   * person logged in on this device) is never shown: it is dropped.
   */
  function restoreRefused() {
    const form = messageForm();
    if (!form) return;
    const action = formAction(form);
    const textarea = form.elements.namedItem("body");
    const keep = [];
    let restored = null;
    for (const item of readQueue()) {
      if (!item.failed || item.action !== action) {
        keep.push(item);
      } else if (item.owner !== form.dataset.owner) {
        removePendingBubbles([item.client_key]);
      } else if (!restored && textarea && !textarea.value.trim()) {
        restored = item;
        removePendingBubbles([item.client_key]);
      } else {
        keep.push(item);
      }
    }
    writeQueue(keep);
    if (restored) {
      textarea.value = restored.body;
      showFormMessage(form, "data-queued-failed");
    }
  }

  /** On a thread page: show what still waits to be sent from this device. */
  function showQueuedForPage() {
    const form = messageForm();
    if (!form) return;
    const action = formAction(form);
    const waiting = readQueue().filter(
      (item) => !item.failed && item.action === action && item.owner === form.dataset.owner,
    );
    waiting.forEach((item) => addPendingBubble(form, item));
    if (waiting.length) setQueuedNote(form, true);
  }

  function onSubmitCapture(event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.id !== "message-form") return;
    if (navigator.onLine) {
      hideFormMessages(form);
      return;
    }
    // Offline: keep it here instead of letting htmx (or the browser) try.
    event.preventDefault();
    event.stopPropagation();
    queueFromForm(form);
  }

  function isMessageForm(element) {
    return element instanceof HTMLFormElement && element.id === "message-form";
  }

  function onHtmxBeforeRequest(event) {
    const element = event.detail && event.detail.elt;
    // No polling without a connection (it can only fail); the poller tries again in a few seconds.
    if (element && element.id === "poller" && !navigator.onLine) event.preventDefault();
  }

  function onHtmxSendError(event) {
    const form = event.detail && event.detail.elt;
    if (isMessageForm(form)) queueFromForm(form);
  }

  function onHtmxResponseError(event) {
    const form = event.detail && event.detail.elt;
    if (!isMessageForm(form)) return;
    showFormMessage(form, "data-send-error");
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 409) {
      // The key was used for a different text: the next try is a new message.
      const key = form.elements.namedItem("client_key");
      if (key) key.value = newClientKey();
    }
  }

  /** The poller and a send can both append the same new message: keep the first copy. */
  function dedupeThread() {
    const thread = document.getElementById("thread");
    if (!thread) return;
    const seen = new Set();
    thread.querySelectorAll("li[id^='bericht-']").forEach((item) => {
      if (seen.has(item.id)) item.remove();
      else seen.add(item.id);
    });
  }

  function startQueue() {
    if (document.body.dataset.loggedOut === "1") {
      clearQueue(); // logged out: nothing of theirs stays on the device
      return;
    }
    document.addEventListener("submit", onSubmitCapture, true);
    document.addEventListener("htmx:beforeRequest", onHtmxBeforeRequest);
    document.addEventListener("htmx:sendError", onHtmxSendError);
    document.addEventListener("htmx:responseError", onHtmxResponseError);
    document.addEventListener("htmx:afterSettle", dedupeThread);
    document.addEventListener("htmx:oobAfterSwap", dedupeThread);
    window.addEventListener("online", () => {
      retryDelay = RETRY_FIRST_MS;
      flushQueue();
    });
    showQueuedForPage();
    restoreRefused();
    if (navigator.onLine) flushQueue();
  }

  /* ---------------------------------------------------------------- start */

  document.addEventListener("change", onChange);
  document.addEventListener("click", onClick);
  document.addEventListener("htmx:load", (event) => enhance(event.target));
  enhance(document);
  startQueue();

  // Register after the page has loaded, so the worker's precache does not
  // compete with the page's own requests.
  if (document.readyState === "complete") {
    registerServiceWorker();
  } else {
    window.addEventListener("load", registerServiceWorker, { once: true });
  }
})();
