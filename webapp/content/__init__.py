"""Multilingual content: the glossary of care words in plain language."""
