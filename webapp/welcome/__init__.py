"""A first visit that explains itself: what to do without an account, and putting OnsPlan on the home screen."""
