"""Steuntje in de rug — Volunteer households for the coordinator: the file, the screening checklist (VOG, references, training, approval) and its steps."""
