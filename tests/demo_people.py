"""The demo story (webapp/demo/story.py) in a test's database, and its people by the first part of their e-mail."""

from __future__ import annotations

from flask import Flask
from sqlmodel import Session, select

from webapp.demo.story import seed
from webapp.models import User


def seed_demo(app: Flask, db: Session, *, accounts_only: bool = False) -> dict[str, User]:
    """Seeds the demo story and returns its people with an e-mail address ("petra", "samira", "hendriks" ...);
    `accounts_only`: only those who can log in (a password set)."""
    with app.test_request_context():
        seed(db)
        db.commit()
    query = select(User).where(User.email.is_not(None))
    if accounts_only:
        query = query.where(User.password_hash.is_not(None))
    return {person.email.split("@")[0]: person for person in db.exec(query).all()}
