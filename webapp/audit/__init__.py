"""The access log (NEN 7513) and the family's own view of it: "wie heeft mijn plan bekeken"."""
