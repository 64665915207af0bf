"""The toekomstplan of a young person: her own plan for turning 18, with the 18-checklist."""
