/*
 * OnsPlan push settings (the /meldingen page, and the offer card shown once
 * after a first message or appointment answer), loaded with
 *   <script src="/static/js/push.js" defer></script>
 *
 * Turns notifications on or off for this device: asks permission, subscribes
 * with the server's VAPID key (data-vapid-key), and sends the subscription to
 * the server (POST /meldingen/apparaten, JSON, CSRF token in X-CSRFToken).
 * Every text it shows is already on the page (translated by the server): it
 * only unhides elements. No inline script or style (strict CSP).
 *
 * iPhones and iPads accept web push only from OnsPlan added to the home screen
 * (iOS 16.4+): there the page shows how to do that instead of the button.
 */
(() => {
  "use strict";

  /** Sets up one #push-device block: on page load, or when htmx swaps the offer card in after a first message. */
  function setUp(root) {
    if (!root || root.dataset.pushReady) return;
    root.dataset.pushReady = "1";
    pushDevice(root);
  }

  setUp(document.getElementById("push-device"));
  document.addEventListener("htmx:load", (event) => {
    const element = event.detail && event.detail.elt;
    if (element instanceof Element) {
      setUp(element.id === "push-device" ? element : element.querySelector("#push-device"));
    }
  });

  function pushDevice(root) {

  const $ = (id) => document.getElementById(id);
  const STATES = ["push-on", "push-off", "push-unsupported", "push-denied", "push-failed"];

  /** Shows the status paragraphs in `visible`, hides the others. */
  function showStatus(...visible) {
    STATES.forEach((id) => {
      const element = $(id);
      if (element) element.hidden = !visible.includes(id);
    });
  }

  function showButtons({ subscribe = false, unsubscribe = false } = {}) {
    $("push-subscribe").hidden = !subscribe;
    // The offer card after a first message (templates/notify/_push_offer.html) has no "off" button.
    if ($("push-unsubscribe")) $("push-unsubscribe").hidden = !unsubscribe;
  }

  function fail(message) {
    const element = $("push-failed");
    element.textContent = message || element.dataset.defaultText;
    element.hidden = false;
  }

  /* ------------------------------------------------------------ detection */

  function isAppleMobile() {
    const ua = navigator.userAgent || "";
    // iPadOS presents itself as a Mac; a Mac has no touch screen.
    return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
  }

  function isStandalone() {
    return (
      navigator.standalone === true ||
      (typeof window.matchMedia === "function" && window.matchMedia("(display-mode: standalone)").matches)
    );
  }

  function pushSupported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  /* -------------------------------------------------------------- helpers */

  function csrfToken() {
    try {
      const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      if (headers["X-CSRFToken"]) return headers["X-CSRFToken"];
    } catch (error) {
      // fall through to a form's hidden field
    }
    const field = document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  /** The VAPID public key (base64url, as in the data attribute) as the bytes PushManager wants. */
  function keyBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }

  async function fingerprint(endpoint) {
    if (!(window.crypto && crypto.subtle)) return "";
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(endpoint));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0"))
      .join("")
      .slice(0, 32);
  }

  async function sendJson(method, url, data) {
    const response = await fetch(url, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: JSON.stringify(data),
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch (error) {
      answer = {};
    }
    if (!response.ok) {
      const problem = new Error(`HTTP ${response.status}`);
      problem.userMessage = typeof answer.error === "string" ? answer.error : "";
      throw problem;
    }
    return answer;
  }

  /** Replaces the device list with the server's current one (after a change on this page). */
  async function refreshDevices() {
    const response = await fetch(root.dataset.devicesUrl, {
      credentials: "same-origin",
      headers: { "HX-Request": "true" },
    });
    if (!response.ok) return;
    const old = $("apparaten");
    const template = document.createElement("template");
    template.innerHTML = (await response.text()).trim();
    const fresh = template.content.querySelector("#apparaten");
    if (old && fresh) old.replaceWith(fresh);
  }

  /** This browser's subscription, if the server lists it too (marks "dit apparaat" in the list). */
  async function knownSubscription(registration) {
    const subscription = await registration.pushManager.getSubscription();
    document.querySelectorAll(".device__this").forEach((label) => {
      label.hidden = true;
    });
    if (!subscription) return null;
    // The offer card has no device list to compare with: a subscription of this browser counts.
    if (!$("apparaten")) return subscription;
    const key = await fingerprint(subscription.endpoint);
    const item = key && document.querySelector(`.device[data-endpoint-key="${key}"]`);
    if (!item) return null;
    item.querySelector(".device__this").hidden = false;
    return subscription;
  }

  async function showCurrentState(registration) {
    const subscription = await knownSubscription(registration);
    if (subscription) {
      showStatus("push-on");
      showButtons({ unsubscribe: true });
    } else if (Notification.permission === "denied") {
      showStatus("push-denied");
      showButtons();
    } else {
      showStatus("push-off");
      showButtons({ subscribe: true });
    }
  }

  /* -------------------------------------------------------------- actions */

  async function subscribe(registration, button) {
    button.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        showStatus(permission === "denied" ? "push-denied" : "push-off");
        showButtons({ subscribe: permission !== "denied" });
        return;
      }
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(root.dataset.vapidKey),
      });
      await sendJson("POST", root.dataset.subscribeUrl, subscription.toJSON());
      await refreshDevices();
      await showCurrentState(registration);
    } catch (error) {
      console.warn("OnsPlan: could not turn on notifications", error);
      fail(error.userMessage);
    } finally {
      button.disabled = false;
    }
  }

  async function unsubscribe(registration, button) {
    button.disabled = true;
    try {
      const subscription = await registration.pushManager.getSubscription();
      if (subscription) {
        await sendJson("DELETE", root.dataset.subscribeUrl, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      await refreshDevices();
      await showCurrentState(registration);
    } catch (error) {
      console.warn("OnsPlan: could not turn off notifications", error);
      fail(error.userMessage);
    } finally {
      button.disabled = false;
    }
  }

  /* ---------------------------------------------------------------- start */

  async function start() {
    $("push-nojs").hidden = true;
    if (isAppleMobile() && !isStandalone()) {
      // Safari on iPhone/iPad: push only for an app on the home screen.
      showStatus();
      $("push-ios").hidden = false;
      return;
    }
    if (!pushSupported() || !root.dataset.vapidKey) {
      showStatus("push-unsupported");
      return;
    }
    // app.js registers the service worker on every page; wait until it is active.
    const registration = await navigator.serviceWorker.ready;
    $("push-subscribe").addEventListener("click", (event) => subscribe(registration, event.currentTarget));
    if ($("push-unsubscribe")) {
      $("push-unsubscribe").addEventListener("click", (event) => unsubscribe(registration, event.currentTarget));
    }
    await showCurrentState(registration);
  }

  start().catch((error) => {
    console.warn("OnsPlan: push settings", error);
    fail();
  });
  }
})();
