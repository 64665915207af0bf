"""OnsPlan end-to-end journeys (Playwright, real Chromium)."""
