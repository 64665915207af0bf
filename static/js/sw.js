/*
 * OnsPlan service worker. Served by the app at /sw.js (scope "/"), with
 * "Cache-Control: no-cache" so browsers look for updates on every visit.
 *
 * What it caches, and what it never caches:
 * - The static shell (CSS, JS, manifest, icons) and the public offline page, in
 *   one cache named after VERSION. Bump VERSION whenever a precached file
 *   changes: the new worker precaches again and deletes the old caches.
 * - Pages (navigations) are NEVER cached as the browser got them: they hold
 *   personal data. They always go to the network; only when the network fails
 *   does the worker answer a cached page: the offline page in the user's
 *   language, or one of the public pages below.
 * - Public reading pages (Informatie articles, the glossary, the help page with
 *   the crisis numbers) are kept for reading without a connection, in their own
 *   cache (PAGES_CACHE): only paths matching KEEP_PATTERN, each fetched again
 *   anonymously (see below), the help page when the language is known, an
 *   article or list when a page marked data-offline-keep asks for it (app.js).
 *   This cache survives logging out and new versions: it holds nothing personal.
 * - Everything else (htmx requests, API calls, other origins) is not touched.
 *
 * The offline pages are fetched without cookies (credentials: "omit"), so the
 * server renders them for an anonymous visitor: no name, no token, nothing
 * personal ends up in the cache even while someone is logged in.
 */

const VERSION = "onsplan-v2";
const SHELL_CACHE = `${VERSION}-shell`;
const PAGES_CACHE = "onsplan-pages-v1";

// The only pages that may be kept: public, the same for everyone. Paths such as
// /informatie/<slug>/niet-begrepen (a form post) or /redactie never match.
const KEEP_PATTERN = /^\/(?:informatie(?:\/[a-z0-9][a-z0-9-]{0,79})?|uitleg|hulp)$/;
// Query parameters a kept page may carry (the article's language, the audience).
const KEEP_PARAMS = { taal: /^[A-Za-z]{2,3}$/, voor: /^[a-z0-9-]{1,40}$/ };
const HELP_PATH = "/hulp";

// Key under which the user's language is kept in the shell cache: globals of a
// service worker are lost whenever the browser stops it.
const LANG_KEY = "/__onsplan_lang";
const OFFLINE_URL = "/offline";

const PRECACHE_URLS = [
  "/static/css/app.css",
  "/static/js/app.js",
  "/static/js/htmx.min.js",
  "/static/manifest.webmanifest",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
  "/static/icons/maskable-512.png",
  "/static/icons/apple-touch-icon-180.png",
  OFFLINE_URL,
];

// A language tag as the page sends it (document.documentElement.lang), e.g.
// "nl", "ar", "pt-BR". Anything else is ignored, so a message can never make
// the worker cache an arbitrary URL.
const LANG_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/* ---------------------------------------------------------------- helpers */

/** A request that skips the HTTP cache and sends no cookies. */
function freshRequest(url) {
  return new Request(url, { cache: "reload", credentials: "omit" });
}

function offlineUrlFor(lang) {
  return `${OFFLINE_URL}?lang=${encodeURIComponent(lang)}`;
}

/** The remembered language, or null. Searches every cache (see activate). */
async function readLanguage() {
  const stored = await caches.match(LANG_KEY);
  if (!stored) return null;
  const lang = (await stored.text()).trim();
  return LANG_PATTERN.test(lang) ? lang : null;
}

async function storeLanguage(lang) {
  const cache = await caches.open(SHELL_CACHE);
  await cache.put(
    LANG_KEY,
    new Response(lang, { headers: { "Content-Type": "text/plain; charset=utf-8" } }),
  );
}

/** Caches one offline page; failures (we may well be offline) are not fatal. */
async function cacheOfflinePage(url, { replace = false } = {}) {
  const cache = await caches.open(SHELL_CACHE);
  if (!replace && (await cache.match(url, { ignoreVary: true }))) return;
  try {
    await cache.add(freshRequest(url));
  } catch (error) {
    console.warn("OnsPlan SW: could not cache", url, error);
  }
}

/** (Re)caches the default offline page and the one in the user's language. */
async function precacheOfflinePages() {
  const urls = [OFFLINE_URL];
  const lang = await readLanguage();
  if (lang) urls.push(offlineUrlFor(lang));
  await Promise.all(urls.map((url) => cacheOfflinePage(url, { replace: true })));
}

/**
 * A navigation may not be answered with a response that was redirected when it
 * was cached (the browser rejects it); rebuild such a response.
 */
async function servable(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * The key (and URL) of a kept page: a public path, only the allowed query
 * parameters, and `lang` (the page language the server renders it in without
 * cookies). Null when the path may not be kept.
 */
function keepKey(path, search, lang) {
  let url;
  try {
    url = new URL(path + (search || ""), self.location.origin);
  } catch (error) {
    return null;
  }
  if (url.origin !== self.location.origin || !KEEP_PATTERN.test(url.pathname)) return null;
  const params = new URLSearchParams();
  for (const [name, pattern] of Object.entries(KEEP_PARAMS)) {
    const value = url.searchParams.get(name);
    if (value && pattern.test(value)) params.set(name, value);
  }
  if (lang && LANG_PATTERN.test(lang)) params.set("lang", lang);
  const query = params.toString();
  return url.pathname + (query ? `?${query}` : "");
}

/** Fetches a public page anonymously and keeps it; failures are not fatal. */
async function keepPage(key) {
  if (!key) return;
  try {
    const response = await fetch(freshRequest(key));
    if (response.status !== 200 || response.type !== "basic" || response.redirected) return;
    const cache = await caches.open(PAGES_CACHE);
    await cache.put(key, response);
  } catch (error) {
    console.warn("OnsPlan SW: could not keep", key, error);
  }
}

/** A kept copy of a public page for this navigation, in the user's language if we have it. */
async function keptPage(url) {
  if (!KEEP_PATTERN.test(url.pathname)) return null;
  const cache = await caches.open(PAGES_CACHE);
  const lang = await readLanguage();
  const exact = await cache.match(keepKey(url.pathname, url.search, lang), { ignoreVary: true });
  if (exact) return exact;
  // Another copy of the same page (another language or audience) is better than none.
  return (await cache.match(url.pathname, { ignoreSearch: true, ignoreVary: true })) || null;
}

/** True for the only things the shell cache may hold. */
function belongsInShell(url) {
  const { pathname } = new URL(url);
  return pathname.startsWith("/static/") || pathname === OFFLINE_URL || pathname === LANG_KEY;
}

/* ------------------------------------------------------ install, activate */

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(PRECACHE_URLS.map(freshRequest));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Carry the remembered language over from the previous version's cache
      // before that cache is deleted.
      const lang = await readLanguage();
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name !== SHELL_CACHE && name !== PAGES_CACHE)
          .map((name) => caches.delete(name)),
      );
      if (lang) await storeLanguage(lang);

      // Start the page request while the worker boots (network-only pages).
      if (self.registration.navigationPreload) {
        await self.registration.navigationPreload.enable();
      }
      await self.clients.claim();

      if (lang) await cacheOfflinePage(offlineUrlFor(lang));
      await keepPage(keepKey(HELP_PATH, "", lang));
    })(),
  );
});

/* ------------------------------------------------------------------ fetch */

/**
 * Pages: network only. When the network fails: the kept copy of a public page
 * (an article, the help page), else the cached offline page.
 */
async function handleNavigation(event) {
  try {
    const preloaded = await event.preloadResponse;
    if (preloaded) return preloaded;
    return await fetch(event.request);
  } catch (error) {
    const kept = await keptPage(new URL(event.request.url));
    if (kept) return servable(kept);
    return offlinePage();
  }
}

async function offlinePage() {
  const cache = await caches.open(SHELL_CACHE);
  const lang = await readLanguage();
  const cached =
    (lang && (await cache.match(offlineUrlFor(lang), { ignoreVary: true }))) ||
    (await cache.match(OFFLINE_URL, { ignoreVary: true }));
  if (cached) return servable(cached);
  return new Response("Offline", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * /static/: answer from the shell cache at once when we can, and refresh the
 * cached copy from the network in the background (stale-while-revalidate).
 * Nothing personal may ever be served from /static/ (no uploads there).
 */
async function handleStatic(event) {
  const { request } = event;
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request);

  const network = fetch(request).then(async (response) => {
    // Only whole, successful same-origin answers (not 206 partial content).
    if (response.status === 200 && response.type === "basic") {
      await cache.put(request, response.clone());
    }
    return response;
  });

  if (cached) {
    event.waitUntil(network.catch(() => undefined));
    return cached;
  }
  return network;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;

  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    event.respondWith(handleNavigation(event));
    return;
  }
  if (url.pathname.startsWith("/static/") && !request.headers.has("range")) {
    event.respondWith(handleStatic(event));
  }
  // Anything else: not intercepted, the browser goes to the network itself.
});

/* --------------------------------------------------------------- messages */

/**
 * {type: "language", lang}: remember it, cache its offline page, and keep the
 * help page (the crisis numbers) in that language.
 */
async function onLanguage(lang) {
  if (typeof lang !== "string" || !LANG_PATTERN.test(lang)) return;
  const changed = (await readLanguage()) !== lang;
  if (changed) await storeLanguage(lang);
  await cacheOfflinePage(offlineUrlFor(lang));
  const helpKey = keepKey(HELP_PATH, "", lang);
  const cache = await caches.open(PAGES_CACHE);
  if (changed || !(await cache.match(helpKey, { ignoreVary: true }))) await keepPage(helpKey);
}

/**
 * {type: "keep", url, lang}: the page the person is reading is public and may
 * be read offline later; keep an anonymous copy (refreshed on every visit).
 */
async function onKeep(url, lang) {
  if (typeof url !== "string") return;
  const parsed = new URL(url, self.location.origin);
  const language = typeof lang === "string" && LANG_PATTERN.test(lang) ? lang : await readLanguage();
  await keepPage(keepKey(parsed.pathname, parsed.search, language));
}

/**
 * {type: "logout"}: personal data must never stay on the device. Delete every
 * cache but the shell, drop anything in the shell that has no business there,
 * then fetch the offline pages again (anonymously).
 */
async function onLogout() {
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((name) => name !== SHELL_CACHE && name !== PAGES_CACHE)
      .map((name) => caches.delete(name)),
  );

  // Kept pages are anonymous copies of public pages: they stay; anything else goes.
  const pages = await caches.open(PAGES_CACHE);
  const kept = await pages.keys();
  await Promise.all(
    kept
      .filter((req) => !KEEP_PATTERN.test(new URL(req.url).pathname))
      .map((req) => pages.delete(req)),
  );

  const shell = await caches.open(SHELL_CACHE);
  const requests = await shell.keys();
  await Promise.all(
    requests.filter((req) => !belongsInShell(req.url)).map((req) => shell.delete(req)),
  );

  await precacheOfflinePages();
}

self.addEventListener("message", (event) => {
  if (event.origin && event.origin !== self.location.origin) return;
  const data = event.data;
  if (!data || typeof data !== "object") return;

  if (data.type === "language") {
    event.waitUntil(onLanguage(data.lang));
  } else if (data.type === "keep") {
    event.waitUntil(onKeep(data.url, data.lang));
  } else if (data.type === "logout") {
    event.waitUntil(onLogout());
  }
});

/* ------------------------------------------------------ push notifications */

/*
 * The server (webapp/notify) sends a small JSON payload: {title, body, url, tag}.
 * It is lock-screen safe by design: a generic text in the user's language and
 * an opaque click target such as "/berichten/12", never a message text.
 * The same tag replaces an earlier notification instead of adding one, so a
 * repeated delivery (the worker sends at least once) shows once.
 */

const NOTIFICATION_ICON = "/static/icons/icon-192.png";
const NOTIFICATION_BADGE = "/static/icons/badge-96.png";

/** A same-origin path to open on click; anything else becomes the home page. */
function notificationPath(url) {
  if (typeof url !== "string" || !url) return "/home";
  try {
    const target = new URL(url, self.location.origin);
    if (target.origin !== self.location.origin) return "/home";
    return target.pathname + target.search + target.hash;
  } catch (error) {
    return "/home";
  }
}

function pushPayload(event) {
  if (!event.data) return {};
  try {
    const data = event.data.json();
    return data && typeof data === "object" ? data : {};
  } catch (error) {
    return {};
  }
}

self.addEventListener("push", (event) => {
  const data = pushPayload(event);
  const text = (value) => (typeof value === "string" ? value : "");
  const options = {
    body: text(data.body),
    renotify: false,
    icon: NOTIFICATION_ICON,
    badge: NOTIFICATION_BADGE,
    data: { url: notificationPath(data.url) },
  };
  if (text(data.tag)) options.tag = data.tag;
  if (text(data.lang)) options.lang = data.lang;
  if (["ltr", "rtl", "auto"].includes(data.dir)) options.dir = data.dir;
  // userVisibleOnly: every push must show something, also a payload we cannot read.
  event.waitUntil(self.registration.showNotification(text(data.title) || "OnsPlan", options));
});

/** Focus a window that already shows the target, or open one. */
async function openNotificationTarget(path) {
  const target = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => client.url === target);
  if (open && "focus" in open) return open.focus();
  if (self.clients.openWindow) return self.clients.openWindow(target);
  return undefined;
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  event.waitUntil(openNotificationTarget(notificationPath(data.url)));
});

/*
 * Not handled yet: "pushsubscriptionchange" (the browser replaced the
 * subscription). The old endpoint then answers 404/410, the worker deletes it,
 * and the person turns notifications on again on the /meldingen page.
 */
