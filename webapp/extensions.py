"""The Flask extension objects, unbound: `create_app` calls their `init_app`. Imports nothing from the app."""

from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
babel = Babel()
htmx = HTMX()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
