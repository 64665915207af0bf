"""The settings side of push: a person's devices (push subscriptions) and what they want to hear about.

Every function takes the acting user and touches only that user's rows: a device id of someone else is a 404.
The worker (webapp/notify/worker.py) reads the same rows to send; it never needs these functions.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import re
from dataclasses import dataclass
from datetime import time
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.models import NotificationPreference, PushSubscription, User

# Push services of the browsers people use: Chrome/Android/Samsung/Opera (FCM), Firefox (Mozilla autopush),
# Safari on iPhone/iPad and macOS (Apple), Edge on Windows (WNS). The worker POSTs to the endpoint a browser hands
# us, so an endpoint anywhere else (an internal address, a host of the attacker's choice, another port of a push
# service's host) is refused here: that keeps the worker from being used to reach other machines. Only HTTPS on
# port 443. A name is matched exactly; "*." allows the subdomains of a name (WNS gives every region its own host).
# Override with PUSH_SERVICE_HOSTS in the app config.
PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",
    "updates.push.services.mozilla.com",
    "push.services.mozilla.com",
    "web.push.apple.com",
    "*.notify.windows.com",
)
MAX_ENDPOINT = 1000
P256DH_BYTES = 65  # an uncompressed P-256 point: 0x04, x, y
AUTH_BYTES = 16


class SubscriptionError(ValueError):
    """The browser sent something that is not a usable push subscription; the message is translated."""


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


def _b64url_bytes(value: object) -> bytes | None:
    if not isinstance(value, str) or not value or len(value) > 200 or not re.fullmatch(r"[A-Za-z0-9_\-]+=*", value):
        return None
    try:
        return base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        return None


def _local_endpoints_allowed() -> bool:
    """Loopback endpoints (a test's own push service) only when the test configuration says so: never in
    production and not in `make run` either."""
    return bool(current_app.config.get("PUSH_ALLOW_LOCAL_ENDPOINTS", False))


def _is_loopback(host: str) -> bool:
    """A loopback address written as one (127.x, ::1); the name "localhost" is refused like any other host."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    for pattern in allowed:
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


def _is_url_text(endpoint: object) -> bool:
    """A string that can be a URL: not empty, not too long, no spaces or control characters (PostgreSQL refuses
    NUL in a text column, even in a lookup)."""
    return (
        isinstance(endpoint, str)
        and 0 < len(endpoint) <= MAX_ENDPOINT
        and not any(ord(c) <= 0x20 or ord(c) == 0x7F for c in endpoint)
    )


def endpoint_allowed(endpoint: str) -> bool:
    """True for https://<a known push service>[:443]/..., and for a loopback address when tests allow it."""
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return False
    if parts.username or parts.password or not host:
        return False
    if _is_loopback(host):
        return parts.scheme in {"http", "https"} and _local_endpoints_allowed()
    if parts.scheme != "https" or port not in (None, 443):
        return False
    return _host_allowed(host, tuple(current_app.config.get("PUSH_SERVICE_HOSTS", PUSH_SERVICE_HOSTS)))


def parse_subscription(data: object) -> Subscription:
    """A `PushSubscription.toJSON()` from the browser: {endpoint, keys: {p256dh, auth}}; checked, not trusted."""
    problem = SubscriptionError(
        _("Dit apparaat gaf geen goede gegevens voor meldingen. Laad de pagina opnieuw en probeer het nog een keer.")
    )
    if not isinstance(data, dict):
        raise problem
    endpoint = data.get("endpoint")
    keys = data.get("keys")
    if not _is_url_text(endpoint) or not isinstance(keys, dict):
        raise problem
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    point, secret = _b64url_bytes(p256dh), _b64url_bytes(auth)
    if point is None or len(point) != P256DH_BYTES or point[0] != 4 or secret is None or len(secret) != AUTH_BYTES:
        raise problem
    if not endpoint_allowed(endpoint):
        raise SubscriptionError(
            _(
                "Meldingen via deze browser kunnen niet. Probeer een andere browser, bijvoorbeeld Chrome, Firefox of Safari."
            )
        )
    return Subscription(endpoint=endpoint, p256dh=p256dh.rstrip("="), auth=auth.rstrip("="))


_BROWSERS = (  # order matters: Edge and Samsung also say "Chrome", Chrome also says "Safari"
    ("Edg/", "Edge"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "Mac"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)


def device_name(user_agent: str) -> str:
    """A short name a person recognises ("Chrome, Android"); only product names, so it needs no translation."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return ", ".join(part for part in (browser, system) if part)[:200]


def save_subscription(db: Session, user: User, subscription: Subscription, device: str) -> PushSubscription:
    """Add this device, or update it: one row per endpoint. A browser has one endpoint per profile, so when
    someone else subscribes from the same browser, the device is theirs from now on (the last one to subscribe)."""
    row = db.exec(select(PushSubscription).where(PushSubscription.endpoint == subscription.endpoint)).first()
    if row is None:
        row = PushSubscription(user_id=user.id, endpoint=subscription.endpoint, p256dh="", auth="")
    row.user_id = user.id
    row.p256dh = subscription.p256dh
    row.auth = subscription.auth
    row.device = device
    db.add(row)
    if user.push_offer != OFFER_DECLINED:
        user.push_offer = OFFER_ON  # no need to offer it any more
    db.flush()
    return row


def devices(db: Session, user: User) -> list[PushSubscription]:
    return list(
        db.exec(
            select(PushSubscription)
            .where(PushSubscription.user_id == user.id)
            .order_by(PushSubscription.created_at, PushSubscription.id)
        )
    )


def remove_device(db: Session, user: User, device_id: int) -> PushSubscription:
    """Remove one of the user's own devices; anyone else's device (or none) is a 404."""
    row = db.get(PushSubscription, device_id)
    if row is None or row.user_id != user.id:
        raise NotFound()
    db.delete(row)
    return row


def remove_endpoint(db: Session, user: User, endpoint: object) -> bool:
    """This browser stops receiving: remove the user's row for that endpoint (if it is theirs). True if removed."""
    if not _is_url_text(endpoint):
        return False
    row = db.exec(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint, PushSubscription.user_id == user.id)
    ).first()
    if row is None:
        return False
    db.delete(row)
    return True


def preferences(db: Session, user: User) -> NotificationPreference:
    """The user's preferences; the defaults (everything on, no quiet hours) when never saved. Not added to db."""
    return db.get(NotificationPreference, user.id) or NotificationPreference(user_id=user.id)


def save_preferences(
    db: Session,
    user: User,
    *,
    berichten: bool,
    plan: bool,
    afspraken: bool = True,
    mentor: bool = True,
    quiet_from: time | None,
    quiet_until: time | None,
) -> NotificationPreference:
    """Store the types shown on the settings page and the quiet hours; the other types keep their value."""
    if (quiet_from is None) != (quiet_until is None):
        raise ValueError("quiet hours need both a start and an end")
    row = db.get(NotificationPreference, user.id) or NotificationPreference(user_id=user.id)
    row.berichten = berichten
    row.plan = plan
    row.afspraken = afspraken
    row.mentor = mentor
    row.quiet_from = quiet_from
    row.quiet_until = quiet_until
    db.add(row)
    db.flush()
    return row


def endpoint_key(endpoint: str) -> str:
    """A short fingerprint of an endpoint: push.js compares it with its own subscription to mark "this device"
    without the page carrying the endpoint itself."""
    return hashlib.sha256(endpoint.encode()).hexdigest()[:32]


# --- offering notifications once (issue 13) ----------------------------------------------------------------------
# After her first message or appointment answer a person is asked once, on the page she lands on, whether she wants
# notifications on this phone. `User.push_offer` remembers where that stands, so it is offered once, not on every page.
OFFER_OPEN = "open"  # to show on the next full page
OFFER_SHOWN = "getoond"  # shown once; not again
OFFER_DECLINED = "nee"  # "Nee, dank je"
OFFER_ON = "aan"  # she turned notifications on (here or under Account, Meldingen)


def offer_push(db: Session, user: User) -> bool:
    """She just sent a message or answered an appointment: open the offer if it was never made and she has no
    device with notifications yet (in the caller's transaction). True when the offer is open now."""
    if user.push_offer:
        return False
    has_device = db.exec(select(PushSubscription.id).where(PushSubscription.user_id == user.id)).first() is not None
    user.push_offer = OFFER_ON if has_device else OFFER_OPEN
    return not has_device


def push_offer_open(user: User) -> bool:
    """Whether the next full page shows the offer (no query: the column is on the user loaded for the request)."""
    return bool(getattr(user, "push_offer", "") == OFFER_OPEN)


def mark_push_offer_shown(db: Session, user: User) -> None:
    """The page showed the offer: not again (a short write of its own after the page, like a read position)."""
    db.exec(
        update(User)
        .where(User.id == user.id, User.push_offer == OFFER_OPEN)
        .values(push_offer=OFFER_SHOWN)
        .execution_options(synchronize_session=False)
    )


def decline_push_offer(db: Session, user: User) -> None:
    """ "Nee, dank je": never offered again (turning notifications on stays possible under Account, Meldingen)."""
    if user.push_offer != OFFER_ON:
        user.push_offer = OFFER_DECLINED
