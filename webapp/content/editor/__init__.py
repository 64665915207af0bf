"""The redacteur's side of Informatie (/redactie): the dashboard, editing and publishing articles per language."""
