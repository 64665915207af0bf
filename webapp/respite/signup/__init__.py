"""Steuntje in de rug — The public aanmeldpunt: people who want to help sign up without an account; the account comes last."""
