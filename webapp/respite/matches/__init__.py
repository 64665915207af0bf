"""Steuntje in de rug — A proposal and the match it becomes: answers, contacts, the afsprakenkaart, check-ins, ending;
and the steungezin's own pages."""
