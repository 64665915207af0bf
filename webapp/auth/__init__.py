"""Accounts: login, logout, password reset, invitations, two-factor, sessions, and the access rules (policy.py)."""
