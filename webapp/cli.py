"""Flask commands: `flask seed-demo`, `flask content-sync`, `flask create-user`, `flask set-active`, `flask worker`,
`flask jim-monitor`, `flask respite-monitor`."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import click
from flask import Flask, current_app

from webapp.audit import services as audit
from webapp.audit.grants import app_role_grants
from webapp.auth import passwords
from webapp.auth.services import normalise_email, user_by_email
from webapp.auth.services import set_active as set_account_active
from webapp.content import sources as content_sources
from webapp.db import session_scope
from webapp.demo.story import DEMO_PEOPLE, seed
from webapp.mentors import monitoring, reviews
from webapp.models import Role, User, UserRole
from webapp.notify import worker as push_worker
from webapp.owndata import retention
from webapp.peers.roster import services as peer_roster
from webapp.respite.followup import services as respite_followup
from webapp.respite.monitoring import services as respite_monitoring


def _content_sync(*, strict: bool) -> None:
    with session_scope() as db:
        result = content_sources.sync_directory(db)
    listed = f" ({', '.join(result.new_versions)})" if 0 < len(result.new_versions) <= 10 else ""
    click.echo(
        f"Articles: {len(result.created_articles)} new, {len(result.new_versions)} new versions{listed}, "
        f"{len(result.updated_metadata)} with new review data."
    )
    for error in result.errors:
        click.echo(f"  not loaded: {error}", err=True)
    if strict and result.errors:
        raise click.exceptions.Exit(1)


def register(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Load the demo story (only in demo mode; idempotent)."""
        if not current_app.config["DEMO"]:
            raise click.ClickException("seed-demo only runs with DEMO=1 (never in production).")
        with session_scope() as db:
            created = seed(db)
        click.echo("Demo story created." if created else "Demo story already present: nothing changed.")
        _content_sync(strict=False)
        click.echo("All demo passwords: onsplan-demo. Two-factor secrets of the demo professionals:")
        for person in DEMO_PEOPLE:
            if person.totp_secret:
                click.echo(f"  {person.email:28} {person.totp_secret}")

    @app.cli.command("content-sync")
    def content_sync() -> None:
        """Load the articles in content/*.md into the database (idempotent: a changed file makes a new version;
        what the redacteur published in the app is never undone). Exits with 1 when a file breaks the format."""
        _content_sync(strict=True)

    @app.cli.command("create-user")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]))
    @click.option("--language", default="nl")
    @click.password_option()
    def create_user(email: str, name: str, roles: tuple[str, ...], language: str, password: str) -> None:
        """Create an account (for example the first beheerder on a new server)."""
        if found := passwords.problems(password):
            raise click.ClickException(" ".join(found))
        with session_scope() as db:
            if user_by_email(db, email):
                raise click.ClickException("An account with this e-mail address already exists.")
            db.add(
                User(
                    name=name,
                    email=normalise_email(email),
                    language=language,
                    password_hash=passwords.hash_password(password),
                    roles=[UserRole(role=r) for r in roles],
                )
            )
        click.echo(f"Created {email}. Professionals set up two-factor at their first login.")

    @app.cli.command("set-active")
    @click.option("--email", required=True)
    @click.argument("state", type=click.Choice(["on", "off"]))
    def set_active(email: str, state: str) -> None:
        """Enable or disable an account; disabling ends all its sessions."""
        with session_scope() as db:
            user = user_by_email(db, email)
            if user is None:
                raise click.ClickException("No such account.")
            set_account_active(db, user, state == "on")
        click.echo(f"{email}: {'enabled' if state == 'on' else 'disabled'}.")

    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Send what is due now, then exit.")
    @click.option("--batch", default=50, show_default=True, help="Notifications claimed at a time.")
    @click.option("--lease", default=60, show_default=True, help="Seconds before another worker may take a claim.")
    def worker(once: bool, batch: int, lease: int) -> None:
        """Send push notifications from the outbox; runs until Ctrl-C. Safe to run several at once."""
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        stop = threading.Event()
        push_worker.stop_on_signals(stop)
        handled = push_worker.run(
            current_app._get_current_object(),
            once=once,
            batch=batch,
            lease=timedelta(seconds=lease),
            stop=stop,
            periodic=(
                reviews.plan_due_reviews,
                respite_followup.notify_due_checkins,
                peer_roster.escalate_unanswered,
                *retention.JOBS,
            ),
        )
        click.echo(f"Worker stopped: {handled} notifications handled.")

    @app.cli.command("audit-verify")
    def audit_verify() -> None:
        """Walk the access log's hash chain: "ok, N rows", or the first broken row (exit code 1)."""
        with session_scope(write=False) as db:  # read only: no write lock
            verdict = audit.verify_log(db)
        if not verdict.ok:
            click.echo(f"broken at row {verdict.broken_id}: {verdict.reason} ({verdict.rows} rows checked)", err=True)
            raise SystemExit(1)
        click.echo(f"ok, {verdict.rows} rows (last hash {verdict.last_hash})")

    @app.cli.command("audit-grants")
    @click.argument("role", default="onsplan_app")
    def audit_grants(role: str) -> None:
        """Print the SQL (PostgreSQL) that gives ROLE what the app needs and only SELECT, INSERT on the access log."""
        try:
            statements = app_role_grants(role)
        except ValueError as problem:
            raise click.BadParameter(str(problem)) from problem
        click.echo(";\n".join(statements) + ";")

    @app.cli.command("jim-monitor")
    def jim_monitor() -> None:
        """JIM trajectories per gemeente and quarter (started, ended, active at the end), as CSV. Counts only."""
        with session_scope(write=False) as db:  # read only: no write lock
            rows = monitoring.trajectories_per_quarter(db)
        click.echo("gemeente,kwartaal,gestart,beeindigd,actief_einde_kwartaal")
        for row in rows:
            click.echo(f"{row.gemeente},{row.quarter},{row.started},{row.ended},{row.active_at_end}")

    @app.cli.command("respite-monitor")
    @click.option("--meldpunt", "meldpunt_id", type=int, help="Only this meldpunt (its organisation id).")
    @click.option("--from", "since", help="The first quarter, e.g. 2026Q1 (default: the first with data).")
    def respite_monitor(meldpunt_id: int | None, since: str | None) -> None:
        """Steuntje in de rug per gemeente and quarter, as CSV (the page's CSV). Counts only; 1 to 4 shows "< 5"."""
        try:
            first = respite_monitoring.Quarter.parse(since) if since else None
        except ValueError as problem:
            raise click.BadParameter("write a quarter as 2026Q1", param_hint="--from") from problem
        with session_scope(write=False) as db:  # read only: no write lock
            meldpunt = respite_monitoring.meldpunt_by_id(db, meldpunt_id) if meldpunt_id is not None else None
            if meldpunt_id is not None and meldpunt is None:
                raise click.ClickException(f"No meldpunt with id {meldpunt_id}.")
            report = respite_monitoring.report_for_meldpunt(db, meldpunt, first)
        click.echo(respite_monitoring.csv_text(report.rows), nl=False)
