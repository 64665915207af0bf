/*
 * "Zet OnsPlan op je beginscherm": where the browser offers to install OnsPlan
 * (Chrome, Edge and Samsung Internet fire "beforeinstallprompt"), show a button
 * that asks for it. Loaded only on /beginscherm; without it (or in Safari) the
 * written steps on that page do the same.
 */
(() => {
  "use strict";

  let offered = null;

  function parts() {
    return {
      box: document.querySelector("[data-install]"),
      button: document.querySelector("[data-install-button]"),
      done: document.querySelector("[data-install-done]"),
    };
  }

  function show(visible) {
    const { box } = parts();
    if (box) box.hidden = !visible;
  }

  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // no mini-infobar: our own button asks, once she taps it
    offered = event;
    show(true);
  });

  window.addEventListener("appinstalled", () => {
    offered = null;
    show(false);
    const { done } = parts();
    if (done) done.hidden = false;
  });

  document.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-install-button]") : null;
    if (!target || !offered) return;
    const prompt = offered;
    offered = null; // a prompt can be shown only once
    show(false);
    try {
      await prompt.prompt();
      const choice = await prompt.userChoice;
      if (choice && choice.outcome === "accepted") {
        const { done } = parts();
        if (done) done.hidden = false;
      }
    } catch (error) {
      console.warn("OnsPlan: install prompt failed", error);
    }
  });
})();
