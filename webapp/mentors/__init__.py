"""JIM mentor: nomination, invitation, approval, what the mentor sees, reviews and monitoring."""
