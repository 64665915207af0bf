"""Steuntje in de rug — The coordinator's workspace: requests by waiting time, intake, notes, steps; households and screening."""
