"""The message list (/berichten, issue 14: webapp/messages/reads.py): on a first visit it makes the conversations
the use-case made, and it lists exactly the conversations the one rule says a person may read
(messages.services.readable_condition, also the badge's and "Nu voor jou"'s) for a family member, a regisseur with
several families, a JIM mentor and a youth with a mentor; and once its conversations exist it asks the same number
of statements for a regisseur with one family as with many families and mentorships."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session

from tests.factories import make_family, make_user
from tests.mentor_factories import JimWorld, build_jim_world
from tests.plan_factories import counted_queries, sign_in
from tests.query_plans import growing_steps
from webapp.messages import reads
from webapp.messages import services as messages
from webapp.models import Relation, Role, User


def _listed(db: Session, person: User) -> list[int]:
    return sorted(summary.conversation.id for summary in messages.conversations(db, person))


def _more_families(jim: JimWorld, number: int) -> None:
    """Petra directs `number` more families, each with a parent and a youth with an active JIM mentor."""
    for n in range(number):
        parent = make_user(jim.db, Role.OUDER, name=f"Ouder {n}")
        youth = make_user(jim.db, Role.JONGERE, name=f"Jongere {n}", birth_date=jim.mila.birth_date)
        family = make_family(jim.db, jim.petra, (parent, Relation.OUDER), (youth, Relation.JONGERE), name=f"Gezin {n}")
        mentor = make_user(jim.db, name=f"Mentor {n}", email=f"mentor{n}@example.test")
        jim.family, saved = family, jim.family
        try:
            jim.active_mentorship(youth, mentor)
        finally:
            jim.family = saved


def test_the_list_holds_what_the_one_rule_says_for_every_kind_of_reader(app, db) -> None:
    jim = build_jim_world(app, db)
    jim.active_mentorship()
    _more_families(jim, 2)
    people = (jim.petra, jim.ruud, jim.sara, jim.eva, jim.tom, jim.karim, jim.mila, jim.outsider)
    with app.test_request_context():
        for person in people:  # the page's read comes first: it makes what is missing, as the use-case did
            shown = sorted(summary.conversation.id for summary in reads.message_list(db, person)[0])
            db.commit()
            assert shown == _listed(db, person) == sorted(messages.readable_ids(db, person)), person.name
            assert not db.connection().execute(reads._MISSING, messages.reader_params(person)).scalar()
        assert len(_listed(db, jim.petra)) > len(_listed(db, jim.ruud)) > 0


def test_the_list_asks_the_same_statements_for_one_family_or_many(app, db) -> None:
    jim = build_jim_world(app, db)
    jim.active_mentorship()  # one family with a mentorship: the statements of every part of the list run
    petra = sign_in(app, jim.petra)
    petra.text("/berichten")  # the first visit makes the conversations
    with counted_queries(app) as few:
        before = petra.text("/berichten")
    _more_families(jim, 4)
    petra.text("/berichten")  # ... of the new families and mentorships too
    with counted_queries(app) as many:
        after = petra.text("/berichten")
    assert after.count('class="list__item"') == before.count('class="list__item"') + 8  # a family's and a mentor's each
    assert len(many) == len(few), _difference(few, many)


def _difference(few: list[str], many: list[str]) -> str:
    """The statements one run asked more often than the other (their first words), for the failure message."""
    shorter, longer = Counter(s[:160] for s in few), Counter(s[:160] for s in many)
    return "\n".join(f"{longer[k] - shorter[k]:+d} {k}" for k in shorter | longer if longer[k] != shorter[k])


def test_the_lists_statements_read_a_persons_own_rows_not_every_row_of_a_status(app, db) -> None:
    """With `mentor = me OR youth = me` SQLite answered "a mentorship of hers without its conversation" from the
    status index: every active mentorship, thousands at 10,000 families (0.6-0.9 ms a list, polled every 10 s)."""
    jim = build_jim_world(app, db)
    jim.active_mentorship()
    for person in (jim.petra, jim.ruud, jim.sara, jim.eva, jim.karim, jim.mila):
        params = messages.reader_params(person)
        for statement in (reads._MISSING, reads._LIST, reads._MEMBERS):
            assert not growing_steps(db, statement, params), person.name



def test_the_regisseurs_last_answer_is_found_by_conversation_and_author(app, db) -> None:
    """For each conversation the list asks when the regisseur last answered in it. SQLite, without statistics,
    chose between the conversation's messages and the author's (every message she ever wrote, for every
    conversation of her list, on every poll: 51,600 -> 33,800 steps a list at 10,000 families); one index on both
    answers it in a step (migration 0023)."""
    from tests.query_plans import plan_of

    jim = build_jim_world(app, db)
    steps = plan_of(db, reads._LIST, messages.reader_params(jim.petra))
    assert any("(conversation_id=? AND author_id=?)" in step for step in steps), steps
    assert not [step for step in steps if "(author_id=?)" in step], steps
