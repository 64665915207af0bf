"""Run the alembic migrations from code (tests, `make run`): `upgrade("sqlite:///...")`."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig

from webapp.config import PROJECT_ROOT


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)
