"""Peer questions — The two spaces, questions and answers, 'dit hielp mij', aanbevolen, volgen, editing and deleting one's own posts, pseudonyms."""
