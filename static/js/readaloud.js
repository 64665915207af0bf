/*
 * "Lees voor": reads a page's main text aloud with the device's own voices (the Web Speech API).
 *
 * Loaded by templates/_read_aloud.html, next to its controls:
 *   <div data-read-aloud-controls data-target="ID" data-lang="tr" data-status-…="…" data-no-voice="…" hidden>
 * The text is the element with id ID (it carries data-read-aloud). Every word shown comes from the server in
 * data- attributes: this file holds no text of its own.
 *
 * - Progressive enhancement: the controls stay hidden where the browser cannot speak.
 * - Only voices on the device itself (`localService`): some browsers offer voices that send the text to a server
 *   of theirs, and a plan holds personal data. No other service is involved.
 * - The voice fits the text's language: the same language tag first, then the same language ("nl" → "nl-NL").
 *   No voice: the page says so plainly and points at the text.
 * - Block by block (headings, paragraphs, list items …), skipping forms, buttons, menus and what is hidden
 *   (a closed "Nederlandse tekst" under a translation is not read). A block in another language than the page
 *   (lang="nl") gets a voice for that language, or is skipped when the device has none.
 * - The word being read is highlighted with the CSS Custom Highlight API (the page's HTML is not changed); where
 *   the browser lacks it, the block being read gets a class instead.
 * - Pause and resume (a toggle button with aria-pressed), stop; what happens is said in an aria-live status line.
 */
(() => {
  "use strict";

  const synth = window.speechSynthesis;
  // Controls that cannot work stay hidden and give back the place kept for them (static/css/app.css).
  const unavailable = (controls) => controls.setAttribute("data-read-aloud-off", "");
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
    document.querySelectorAll("[data-read-aloud-controls]").forEach(unavailable);
    return;
  }

  // What counts as one block to read; text outside them belongs to its nearest box.
  const BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,blockquote,figcaption,caption,th,td,label,legend,pre";
  const BOXES = "div,section,article,aside,header,footer,details";
  // Never read: controls, forms (they are for writing), menus, hidden things, the read-aloud controls themselves.
  const SKIP = [
    "button",
    "select",
    "textarea",
    "input",
    "script",
    "style",
    "template",
    "noscript",
    "nav",
    "form",
    "summary",
    "svg",
    "progress", // its text is only for browsers that cannot draw it; the label beside it says the same
    "meter",
    "[hidden]",
    "[aria-hidden='true']",
    "[data-read-aloud-skip]",
  ].join(",");
  const SENTENCE_END = /[.!?;:؟።፧](?=\s)/g;
  const MAX_CHUNK = 220; // long utterances stall on some devices: read long paragraphs a few sentences at a time
  const VOICES_WAIT_MS = 1500; // some browsers load their voices after the page
  const WORD = "read-aloud-word";
  const BLOCK = "read-aloud-block";
  const CURRENT_CLASS = "read-aloud-current";
  const canHighlight = typeof window.Highlight === "function" && Boolean(window.CSS && CSS.highlights);

  /* ------------------------------------------------------------- voices */

  function normalTag(tag) {
    return String(tag || "")
      .trim()
      .replace(/_/g, "-")
      .toLowerCase();
  }

  function primaryTag(tag) {
    return normalTag(tag).split("-")[0];
  }

  /** The best voice on this device for `lang`, or null: same tag, then same language (its main region first). */
  function bestVoice(voices, lang) {
    const wanted = normalTag(lang);
    const base = primaryTag(lang);
    if (!base) return null;
    const local = voices.filter((voice) => voice && voice.localService !== false);
    const pick = (list) => list.find((voice) => voice.default) || list[0] || null;
    const exact = local.filter((voice) => normalTag(voice.lang) === wanted);
    const same = local.filter((voice) => primaryTag(voice.lang) === base);
    const mainRegion = same.filter((voice) => normalTag(voice.lang) === `${base}-${base}`);
    return pick(exact) || pick(mainRegion) || pick(same);
  }

  function loadVoices() {
    const now = synth.getVoices();
    if (now && now.length) return Promise.resolve(now);
    return new Promise((resolve) => {
      let timer = null;
      const done = () => {
        clearTimeout(timer);
        if (typeof synth.removeEventListener === "function") synth.removeEventListener("voiceschanged", done);
        resolve(synth.getVoices() || []);
      };
      timer = setTimeout(done, VOICES_WAIT_MS);
      if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", done);
    });
  }

  /* ------------------------------------------------------------- blocks */

  function within(root, element) {
    return Boolean(element) && root.contains(element);
  }

  function isShown(element) {
    if (typeof element.checkVisibility === "function" && !element.checkVisibility()) return false;
    if (element.getClientRects().length === 0) return false;
    return !element.closest("details:not([open])");
  }

  function isInline(element) {
    return window.getComputedStyle(element).display.startsWith("inline");
  }

  /** True when a block-level box lies between two neighbouring text nodes' elements: their words need a space. */
  function needsGap(before, after) {
    let common = before;
    while (common && !common.contains(after)) common = common.parentElement;
    for (const start of [before, after]) {
      for (let el = start; el && el !== common; el = el.parentElement) {
        if (!isInline(el)) return true;
      }
    }
    return false;
  }

  function blockOf(root, element) {
    const block = element.closest(BLOCKS);
    if (within(root, block)) return block;
    const box = element.closest(BOXES);
    return within(root, box) ? box : root;
  }

  function langOf(element) {
    const marked = element.closest("[lang]");
    return (marked && marked.getAttribute("lang")) || document.documentElement.lang || "";
  }

  /** Split a block's text in pieces of a few sentences; each piece knows where it starts in the block. */
  function chunksOf(text) {
    const pieces = [];
    let start = 0;
    while (start < text.length) {
      let end = text.length;
      if (end - start > MAX_CHUNK) {
        const window_ = text.slice(start, start + MAX_CHUNK);
        let cut = -1;
        SENTENCE_END.lastIndex = 0;
        for (let m = SENTENCE_END.exec(window_); m; m = SENTENCE_END.exec(window_)) cut = m.index + 1;
        if (cut < MAX_CHUNK / 3) cut = window_.lastIndexOf(" ");
        if (cut <= 0) cut = MAX_CHUNK;
        end = start + cut;
      }
      const piece = text.slice(start, end);
      const trimmed = piece.trim();
      if (trimmed) pieces.push({ text: trimmed, offset: start + (piece.length - piece.trimStart().length) });
      start = end;
    }
    return pieces;
  }

  /**
   * The text to read, block by block, in page order. Each block keeps its text with white space collapsed and,
   * per character, the text node and offset it came from (to highlight the word a boundary event names).
   */
  function collect(root) {
    const blocks = [];
    const readable = new Map(); // element → may it be read?
    const canRead = (element) => {
      if (!readable.has(element)) {
        const skipped = element.closest(SKIP);
        readable.set(element, !within(root, skipped) && !(skipped && skipped.contains(root)) && isShown(element));
      }
      return readable.get(element);
    };
    let current = null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !canRead(parent)) continue;
      const block = blockOf(root, parent);
      const blank = !node.data.trim();
      if (blank && (!current || current.element !== block)) continue;
      if (!current || current.element !== block) {
        current = { element: block, lang: langOf(parent), chars: [], map: [], last: null };
        blocks.push(current);
      }
      append(current, node);
    }
    return blocks
      .map((block) => {
        while (block.chars.length && block.chars[block.chars.length - 1] === " ") {
          block.chars.pop();
          block.map.pop();
        }
        const text = block.chars.join("");
        return { element: block.element, lang: block.lang, text, map: block.map, chunks: chunksOf(text) };
      })
      .filter((block) => block.text);
  }

  function append(block, node) {
    const parent = node.parentElement;
    const endsBlank = () => block.chars.length === 0 || block.chars[block.chars.length - 1] === " ";
    if (block.last && block.last !== parent && !endsBlank() && needsGap(block.last, parent)) {
      block.chars.push(" ");
      block.map.push(null);
    }
    const data = node.data;
    for (let i = 0; i < data.length; i += 1) {
      const blank = /\s/.test(data[i]);
      if (blank && endsBlank()) continue;
      block.chars.push(blank ? " " : data[i]);
      block.map.push({ node, offset: i });
    }
    block.last = parent;
  }

  /* ---------------------------------------------------------- highlight */

  function rangeOf(block, start, end) {
    let first = null;
    let last = null;
    for (let i = Math.max(0, start); i < Math.min(end, block.map.length); i += 1) {
      const spot = block.map[i];
      if (!spot) continue;
      if (!first) first = spot;
      last = spot;
    }
    if (!first || !last || !first.node.isConnected || !last.node.isConnected) return null;
    const range = document.createRange();
    try {
      range.setStart(first.node, first.offset);
      range.setEnd(last.node, last.offset + 1);
    } catch (error) {
      return null; // the text changed under us (an htmx swap): no highlight
    }
    return range;
  }

  function clearHighlight(reader) {
    if (canHighlight) {
      CSS.highlights.delete(WORD);
      CSS.highlights.delete(BLOCK);
    }
    if (reader.marked) reader.marked.classList.remove(CURRENT_CLASS);
    reader.marked = null;
  }

  function showBlock(reader, block) {
    clearHighlight(reader);
    if (canHighlight) {
      const range = rangeOf(block, 0, block.map.length);
      if (range) CSS.highlights.set(BLOCK, new Highlight(range));
    } else {
      block.element.classList.add(CURRENT_CLASS);
      reader.marked = block.element;
    }
    if (block.element.isConnected && typeof block.element.scrollIntoView === "function") {
      block.element.scrollIntoView({ block: "nearest" });
    }
  }

  function showWord(block, index, length) {
    if (!canHighlight || !(index >= 0)) return;
    let end = index + (length > 0 ? length : 0);
    if (end <= index) {
      const rest = block.text.slice(index).match(/^\S+/);
      end = index + (rest ? rest[0].length : 0);
    }
    const range = rangeOf(block, index, end);
    if (!range) return;
    const word = new Highlight(range);
    word.priority = 1;
    CSS.highlights.set(WORD, word);
  }

  /* ------------------------------------------------------------- reader */

  const readers = [];

  function say(reader, key) {
    reader.status.textContent = key ? reader.controls.dataset[key] || "" : "";
  }

  /** "idle", "reading" or "paused": which buttons show, and where the focus goes when its button hides. */
  function setState(reader, state) {
    const { start, pause, stop } = reader.buttons;
    const focused = document.activeElement;
    reader.state = state;
    start.hidden = state !== "idle";
    pause.hidden = state === "idle";
    stop.hidden = state === "idle";
    pause.setAttribute("aria-pressed", state === "paused" ? "true" : "false");
    reader.controls.dataset.state = state;
    if (focused && focused.hidden && reader.controls.contains(focused)) (state === "idle" ? start : pause).focus();
  }

  function finish(reader, statusKey) {
    reader.session += 1;
    clearHighlight(reader);
    setState(reader, "idle");
    say(reader, statusKey);
  }

  function stop(reader, statusKey) {
    const wasActive = reader.state !== "idle";
    finish(reader, statusKey);
    if (!wasActive) return;
    synth.cancel();
    if (synth.paused) synth.resume(); // some browsers stay paused after a cancel, and would not speak again
  }

  function voiceFor(reader, block) {
    if (primaryTag(block.lang) === primaryTag(reader.lang)) return reader.voice;
    if (!reader.otherVoices.has(block.lang)) reader.otherVoices.set(block.lang, bestVoice(reader.voices, block.lang));
    return reader.otherVoices.get(block.lang);
  }

  function speakNext(reader, session) {
    if (session !== reader.session) return;
    for (;;) {
      const block = reader.blocks[reader.index];
      if (!block) {
        finish(reader, "statusDone");
        return;
      }
      if (reader.part >= block.chunks.length || !voiceFor(reader, block)) {
        // done with this block, or its language has no voice here: next block
        reader.index += 1;
        reader.part = 0;
        continue;
      }
      break;
    }
    const block = reader.blocks[reader.index];
    const piece = block.chunks[reader.part];
    const voice = voiceFor(reader, block);
    const utterance = new SpeechSynthesisUtterance(piece.text);
    utterance.voice = voice;
    utterance.lang = voice.lang || block.lang;
    utterance.addEventListener("boundary", (event) => {
      if (session !== reader.session || (event.name && event.name !== "word")) return;
      showWord(block, piece.offset + event.charIndex, event.charLength);
    });
    utterance.addEventListener("end", () => {
      if (session !== reader.session) return;
      reader.part += 1;
      speakNext(reader, session);
    });
    utterance.addEventListener("error", (event) => {
      if (session !== reader.session) return;
      if (event.error === "interrupted" || event.error === "canceled") return; // our own stop
      stop(reader, "statusFailed");
    });
    if (reader.part === 0) showBlock(reader, block);
    synth.speak(utterance);
  }

  async function start(reader) {
    readers.forEach((other) => {
      if (other !== reader && other.state !== "idle") stop(other, "statusStopped");
    });
    reader.session += 1;
    const session = reader.session;
    reader.textLink.hidden = true;
    say(reader, null);
    const voices = await loadVoices();
    if (session !== reader.session) return;
    reader.voices = voices;
    reader.voice = bestVoice(voices, reader.lang);
    reader.otherVoices = new Map();
    if (!reader.voice) {
      say(reader, "noVoice");
      reader.textLink.hidden = false;
      return;
    }
    reader.blocks = collect(reader.root);
    reader.index = 0;
    reader.part = 0;
    synth.cancel(); // nothing left over from before
    if (synth.paused) synth.resume();
    setState(reader, "reading");
    say(reader, "statusReading");
    speakNext(reader, session);
  }

  function togglePause(reader) {
    if (reader.state === "reading") {
      synth.pause();
      setState(reader, "paused");
      say(reader, "statusPaused");
    } else if (reader.state === "paused") {
      synth.resume();
      setState(reader, "reading");
      say(reader, "statusReading");
    }
  }

  function setUp(controls) {
    const root = document.getElementById(controls.dataset.target || "");
    const start_ = controls.querySelector("[data-read-aloud-start]");
    const pause = controls.querySelector("[data-read-aloud-pause]");
    const stopButton = controls.querySelector("[data-read-aloud-stop]");
    const status = controls.querySelector("[data-read-aloud-status]");
    const textLink = controls.querySelector("[data-read-aloud-text-link]");
    if (!root || !start_ || !pause || !stopButton || !status || !textLink) return unavailable(controls);
    const reader = {
      controls,
      root,
      lang: controls.dataset.lang || langOf(root),
      buttons: { start: start_, pause, stop: stopButton },
      status,
      textLink,
      state: "idle",
      session: 0,
      voices: [],
      voice: null,
      otherVoices: new Map(),
      blocks: [],
      index: 0,
      part: 0,
      marked: null,
    };
    readers.push(reader);
    start_.addEventListener("click", () => start(reader));
    pause.addEventListener("click", () => togglePause(reader));
    stopButton.addEventListener("click", () => stop(reader, "statusStopped"));
    controls.hidden = false;
  }

  document.querySelectorAll("[data-read-aloud-controls]").forEach(setUp);

  // Leaving the page ends the reading (some browsers keep talking after a navigation).
  window.addEventListener("pagehide", () => {
    readers.forEach((reader) => {
      if (reader.state !== "idle") stop(reader, null);
    });
  });
})();
