"""Steuntje in de rug (informal respite care): one meldpunt where families ask for a break, matching of volunteer
households with clear agreements, and one aanmeldpunt where people who want to help sign up.

Parts, each a folder: requests (the family), meldpunt (the coordinator), signup (the public aanmeldpunt), matching
(shortlist and batch), matches (proposal, afsprakenkaart; the steungezin's pages), followup (trial, check-ins, ending), monitoring. The state
machines are in workflow.py, the fixed answers in choices.py, the API for other features in services.py.
"""

from webapp.respite.followup.views import bp as followup_bp
from webapp.respite.households.views import bp as households_bp
from webapp.respite.matches.views import bp as matches_bp
from webapp.respite.matches.volunteer_views import bp as steungezin_bp
from webapp.respite.matching.views import bp as matching_bp
from webapp.respite.meldpunt.views import bp as meldpunt_bp
from webapp.respite.monitoring.views import bp as monitoring_bp
from webapp.respite.requests.views import bp as requests_bp
from webapp.respite.signup.views import bp as signup_bp

BLUEPRINTS = (
    requests_bp, meldpunt_bp, households_bp, signup_bp, matching_bp, matches_bp, followup_bp, monitoring_bp,
    steungezin_bp,
)
