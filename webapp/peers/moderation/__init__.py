"""Peer questions — The review queue, moderation actions with reasons, flags, suspensions, crisis word lists, ervaringsdeskundigen, identity look-ups."""
