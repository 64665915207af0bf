"""What a young person of 16+ shares with her parents and foster parents (and per goal with her JIM mentor)."""
