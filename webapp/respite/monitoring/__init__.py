"""Steuntje in de rug — Counts per gemeente and quarter (never names), pool health, charts and CSV."""
