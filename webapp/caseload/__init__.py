"""The regisseur's caseload: what needs attention in each family."""
