"""Which module is mutated, and which tests are run against its mutants.

The selection per module: the tests that state its rules (tables, services, the routes that use them). mutmut 3
first runs the whole selection once to learn which test reaches which function, then runs only those tests against
each mutant of that function, fastest first, stopping at the first failure. For auth/policy the route-table suites
(tests/authz, tests/test_routes.py) are left out: they walk every route for every role, which costs minutes per
surviving mutant, and the rule tables check the same rules directly; `make test` still runs them. The same holds
for admin/services, whose service and route tests are in tests/test_admin.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    module: str  # path of the file to mutate, relative to the project root
    tests: tuple[str, ...]  # test files (or node ids) mutmut may run against its mutants
    goal: int  # percentage of mutants that must be killed


TARGETS: dict[str, Target] = {
    "auth/policy": Target(
        "webapp/auth/policy.py",
        (
            "tests/test_policy.py",
            "tests/test_policy_rules.py",
            "tests/test_plan_access.py",
            "tests/test_sharing.py",
            "tests/test_mentor_access.py",
            "tests/test_two_factor.py",
            "tests/test_family_joining.py",
            "tests/test_owndata_requests.py",
            "tests/test_owndata_delete.py",
        ),
        90,
    ),
    "auth/guards": Target(
        "webapp/auth/guards.py",
        ("tests/test_guards.py", "tests/test_two_factor.py", "tests/test_login.py", "tests/test_routes.py"),
        90,
    ),
    "auth/services": Target(
        "webapp/auth/services.py",
        (
            "tests/test_login.py",
            "tests/test_password_reset.py",
            "tests/test_invitations.py",
            "tests/test_sessions.py",
            "tests/test_two_factor.py",
            "tests/test_link_lifetimes.py",
            "tests/test_email_change.py",
            "tests/test_locale.py",
            "tests/test_admin.py",
        ),
        80,
    ),
    "admin/services": Target(
        "webapp/admin/services.py",
        ("tests/test_admin.py", "tests/test_sessions.py"),
        80,
    ),
    "messages/services": Target(
        "webapp/messages/services.py",
        (
            "tests/test_messages.py",
            "tests/test_mentor_access.py",
            "tests/test_push_rules.py",
            "tests/test_access_log.py",
        ),
        80,
    ),
    "mentors/workflow": Target(
        "webapp/mentors/workflow.py",
        ("tests/test_mentorships.py", "tests/test_jim_monitoring.py"),
        80,
    ),
    "appointments/services": Target(
        "webapp/appointments/services.py",
        (
            "tests/test_appointments.py",
            "tests/test_calendar.py",
            "tests/test_mentor_access.py",
            "tests/test_jim_pages.py",
            "tests/test_mentorships.py",
        ),
        80,
    ),
}
