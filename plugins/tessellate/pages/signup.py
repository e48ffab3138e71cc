"""The newsletter sign-up form: `newsletter.signup:` in the tessellate block, checked, and the plain
data the Subscribe page's form is drawn from.

    newsletter:
      signup:
        action: https://buttondown.com/api/emails/embed-subscribe/tamar-teign   # the provider's form address
        email_field: email          # the name the provider reads the address from (default email)
        fields: {embed: "1"}        # hidden fields, sent as written
        consent: We email the newsletter once a month; unsubscribe with the link in any of them.
        honeypot: tx_website        # the trap field's name (default tx_website)

The form posts straight to the provider: the site loads nothing of the provider's, so no reader's
browser asks the provider for anything until they press the button. The page policy's form-action
allows the action's origin and no other (csp.py).

The trap field is hidden from readers and assistive technology and left empty by people; a robot
filling every field fills it too. Its default name, `tx_website`, means nothing to any provider, so
they ignore it; a provider that discards sign-ups whose trap is filled names its own trap, and
`honeypot:` takes that name (Mailchimp's `b_<u>_<id>`, listmonk's `nonce`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

KEYS = ("action", "email_field", "fields", "consent", "honeypot")
DEFAULT_CONSENT = "We will email you our newsletter. Every email has a link to unsubscribe."
DEFAULT_HONEYPOT = "tx_website"
EXAMPLE_ACTION = "https://buttondown.com/api/emails/embed-subscribe/your-newsletter"
# A form field's name as providers write them: EMAIL, fields[email], b_1a2b_3c4d, metadata__school.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:\[\]-]*")
# Characters no form address needs; the address is escaped where it lands, but a space or a quote
# in it is a mistake of copying, not an address.
_UNSAFE = re.compile(r"[\s\"'<>\\^`{|}]")
# The host goes into the page policy as it is: letters, digits, dots and hyphens only.
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
# Only for tests and a network trying its provider on this machine: a browser treats loopback as
# secure, and nothing is sent anywhere else.
_LOOPBACK = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class Signup:
    """The sign-up form's settings, checked."""

    action: str
    email_field: str = "email"
    fields: tuple[tuple[str, str], ...] = ()
    consent: str = DEFAULT_CONSENT
    honeypot: str = DEFAULT_HONEYPOT

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the action: what the page policy's form-action allows."""
        parts = urlsplit(self.action)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def as_data(self) -> dict:
        """What the templates draw the form from: plain data, escaped where it lands."""
        return {"action": self.action, "email_field": self.email_field,
                "fields": [{"name": name, "value": value} for name, value in self.fields],
                "consent": self.consent, "honeypot": self.honeypot}


def signup_problems(signup: dict | None) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every mistake in `newsletter.signup:`: (field, what is wrong and how to fix it, the keys that
    lead to its line from the tessellate block)."""
    problems: list[tuple[str, str, tuple[str, ...]]] = []

    def add(keys: tuple[str, ...], text: str) -> None:
        keys = ("newsletter", "signup", *keys)
        problems.append((".".join(map(_shown, keys)), text, keys))

    if signup is None:
        return problems
    for key in signup:
        if key not in KEYS:
            add((str(key),), f"not a setting of the sign-up form (allowed: {', '.join(KEYS)})")
    action = signup.get("action")
    if action is None or action == "":
        add(("action",), f"missing: the address the provider's form posts to (copy the action of its embed "
                         f"form, e.g. action: {EXAMPLE_ACTION})")
    elif not isinstance(action, str) or not _is_form_address(action):
        add(("action",), f"'{_shown(action)}' is not a form address (write the https:// address the provider's "
                         f"embed form posts to, e.g. {EXAMPLE_ACTION})")
    names = {}
    for key, default in (("email_field", "email"), ("honeypot", DEFAULT_HONEYPOT)):
        value = signup.get(key, default)
        if not isinstance(value, str) or not _NAME.fullmatch(value):
            add((key,), f"'{_shown(value)}' is not a form field's name (use letters, digits, _ - . [ ] and no spaces, "
                        f"as the provider's form does, e.g. {key}: {default})")
        elif value in names:
            add((key,), f"'{value}' is already the form's {names[value]} (give the trap a name of its own, "
                        f"e.g. {key}: {default})")
        else:
            names[value] = key
    fields = signup.get("fields")
    fields = {} if fields is None else fields
    if not isinstance(fields, dict):
        add(("fields",), 'write the hidden fields as name: value, one a line, e.g. fields: {embed: "1"}')
        fields = {}
    for name, value in fields.items():
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            add(("fields", str(name)), f"'{_shown(name)}' is not a form field's name (use letters, digits, _ - . [ ] and "
                                       "no spaces, as the provider's form does)")
        elif name in names:
            add(("fields", name), f"'{name}' is already the form's {names[name]} "
                                  "(give the hidden field the name the provider's form gives it)")
        elif isinstance(value, bool) or not isinstance(value, (str, int)):
            add(("fields", name), f'the value must be text (put it in quotes, e.g. {name}: "1")')
    consent = signup.get("consent", DEFAULT_CONSENT)
    if not isinstance(consent, str) or not consent.strip():
        add(("consent",), "write the text shown by the button: what readers sign up for and how to stop "
                          "(or leave consent out for the default)")
    return problems


def read_signup(signup: dict | None) -> Signup | None:
    """The form's settings from a `newsletter.signup:` that `signup_problems` passed; None without one."""
    if signup is None:
        return None
    return Signup(action=signup["action"], email_field=signup.get("email_field", "email"),
                  fields=tuple((name, str(value)) for name, value in (signup.get("fields") or {}).items()),
                  consent=" ".join(signup.get("consent", DEFAULT_CONSENT).split()),
                  honeypot=signup.get("honeypot", DEFAULT_HONEYPOT))


def _shown(value) -> str:
    """A value as a message quotes it: on one line."""
    return " ".join(str(value).split())


def _is_form_address(action: str) -> bool:
    if _UNSAFE.search(action):
        return False
    try:
        parts = urlsplit(action)
        parts.port  # noqa: B018  (a port that is not a number raises)
    except ValueError:
        return False
    if parts.username is not None or parts.password is not None or not _HOST.fullmatch(parts.hostname or ""):
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)
