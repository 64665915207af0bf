"""Steuntje in de rug — Ranked shortlists and the batch proposal for the meldpunt's coordinators."""
