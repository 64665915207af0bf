"""Families (gezinnen): who belongs to a family, its regisseur, and inviting people into it."""
