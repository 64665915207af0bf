"""Progressive web app: the service worker at the root scope and the offline page it shows."""
