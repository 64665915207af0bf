"""Vraag het een andere pleegouder: moderated peer questions in two closed spaces (Pleegouders, Jongeren).

Parts, each a folder: questions (spaces, questions and answers, pseudonyms), moderation (the queue, actions, crisis
words, identity look-ups), search (full text, similar questions, the identifying-details check), roster (unanswered
questions for the ervaringsdeskundigen). The post's life is in workflow.py; the access rules in webapp/auth/policy.py.
"""

from webapp.peers.moderation.views import bp as moderation_bp
from webapp.peers.questions.views import bp as questions_bp
from webapp.peers.roster.views import bp as roster_bp
from webapp.peers.search.views import bp as search_bp

BLUEPRINTS = (questions_bp, search_bp, roster_bp, moderation_bp)
