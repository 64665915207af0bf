"""Beheer: accounts (the beheerder enables and disables them)."""
