"""Peer questions — Unanswered questions after 48 hours for the ervaringsdeskundigen on the roster."""
