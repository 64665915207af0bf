"""Steuntje in de rug — A family's hulpvraag: the form (with drafts), its status and history, the sharing question."""
