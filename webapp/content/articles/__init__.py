"""Informatie, the reading side: the public library (/informatie), one article in the reader's language, and
"Ik begrijp dit niet" under every article and glossary entry."""
