"""Gezinsplan and toekomstplan: the family's own plan, its versions, the youth's future plan and 18-checklist."""
