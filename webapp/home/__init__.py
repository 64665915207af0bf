"""The landing page after login: what exists for this person now."""
