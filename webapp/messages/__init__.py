"""Messages with the regisseur: a family conversation and a private one per person, attachments, unread counts."""
