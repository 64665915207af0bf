"""The published version's body on the plan page, rendered once and kept (issue 14, item 4).

A published version never changes, so its body (the page's top with the regisseur's card and the next evaluation,
the version card, then "Hoe gaat het nu?" to the agreements) is the same HTML for every reader who may see the same
parts of it in the same language and form of address. The key holds everything that changes what this reader sees
there ("invalidated by construction", nothing is ever deleted):

- the family's name; the version: its id, number, publication time and a digest of its snapshot as stored;
- what this reader may see of it: whether the summary shows, the visible goals and the people whose parts show
  (decided by the policy's functions, `services.show_visible_parts`);
- the language, the form of address (`webapp/i18n/address.py`: register "u", gender "v"/"m"), printing;
- the translations of the family's plan parts in that language, every row as it is now (text, who, when);
- the regisseur's card (name, job, phone, e-mail, organisation: a handover or a new number shows at once); the
  app's script root (its URLs);
- the release (`webapp.fragments.release`): templates, catalogues, code.

Nothing in the body depends on today's date (ages and "te laat" are decided in the visibility, or not shown), and
nothing in it belongs to a session: the answer block (the CSRF token, her earlier answer) stays outside, between the
version card ("head") and the rest ("body"), and so do the links below it (what this reader may do).
"""

from __future__ import annotations

from flask import request

from webapp import fragments
from webapp.i18n import current_language, reader_contexts
from webapp.plans.reads import VersionRow
from webapp.plans.services import VisiblePlan
from webapp.plans.snapshot import About
from webapp.plans.translations import PageTranslations

REGIONS = ("top", "head", "body")


def _about_order(about: About) -> tuple[bool, str]:
    return isinstance(about, str), str(about)


def body_key(shown: VisiblePlan, translated: PageTranslations, *, printing: bool) -> str:
    """The key of this reader's body of the version `shown` (a plain read: `webapp.plans.reads.plan_page`)."""
    version: VersionRow = shown.version
    return fragments.key(
        "plan-body",
        (shown.family.id, shown.family.name, version.id, version.number, version.published_at, version.content_digest),
        (shown.summary is not None, shown.visible_goal_ids, tuple(sorted(shown.visible_abouts, key=_about_order))),
        (current_language(), reader_contexts(), printing),
        translated.fingerprint(),
        shown.regisseur,
        request.script_root,
    )


def body_regions(shown: VisiblePlan, translated: PageTranslations, *, printing: bool) -> fragments.Regions:
    """The `{% call plan_body('top') %}`, `('head')` and `('body')` of plans/plan.html for this reader."""
    key = body_key(shown, translated, printing=printing) if shown.version is not None else None
    return fragments.Regions(fragments.store(), key, REGIONS)
