"""The gezinsplan: the family's current version, its versions and comparisons, answers, and the regisseur's editor."""
