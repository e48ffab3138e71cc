"""The newsletter sign-up form (`newsletter.signup:`): a plain form on the Subscribe page that posts
straight to the provider, and nothing else of the provider's.

The provider here is a local endpoint, an HTTP server on 127.0.0.1 that records what reaches it. The
setting takes only https:// addresses, and http:// ones on loopback (127.0.0.1, localhost): a browser
treats loopback as secure, and nothing posted there leaves the machine. So the test builds the site
with the endpoint's own address and drives the page exactly as built, its form and its policy, rather
than rewriting the action afterwards (which would need the policy rewritten too, and test neither).
"""

from __future__ import annotations

import contextlib
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import lxml.html
import pytest
import yaml

from conftest import BUILD_ENV, FOREIGN_SITE, run_build
from gates import common
from gates.csp import directives
from reading import main, page, text
from tessellate.cli import main as cli

HOSTILE = """</p><script>alert(1)</script>"'><img src=x onerror=alert(2)>{{ 7*7 }}&amp;"""
CONSENT = f"We email you once a month. {HOSTILE}"
FIELDS = {"ml-submit": "1", "fields[source]": f"website {HOSTILE}"}
ADDRESS = "reader@school.example"
TESSELLATE = "  - tessellate:\n"


# -- A local provider that keeps what is posted to it.

class _Provider(http.server.BaseHTTPRequestHandler):
    received: list[tuple[str, str, str]]  # (method, path, body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.received.append(("POST", self.path, body))
        self._thanks()

    def do_GET(self):
        self.received.append(("GET", self.path, ""))
        self._thanks()

    def _thanks(self):
        data = b"<!DOCTYPE html><title>Thanks</title><p>Thanks for signing up.</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # quiet
        pass


@contextlib.contextmanager
def provider() -> Iterator[tuple[str, list]]:
    """A provider's endpoint on 127.0.0.1: its origin and the list of requests it received."""
    received: list[tuple[str, str, str]] = []
    handler = type("Provider", (_Provider,), {"received": received})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def with_settings(root: Path, newsletter: dict) -> Path:
    """The foreign site copied to `root`, with `newsletter:` under its tessellate block."""
    shutil.copytree(FOREIGN_SITE, root)
    config = root / "mkdocs.yml"
    block = yaml.safe_dump({"newsletter": newsletter}, allow_unicode=True, sort_keys=False, width=1000)
    settings = config.read_text(encoding="utf-8")
    assert settings.count(TESSELLATE) == 1
    indented = "".join(f"      {line}\n" for line in block.splitlines())
    config.write_text(settings.replace(TESSELLATE, TESSELLATE + indented), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[str, list]]:
    with provider() as found:
        yield found


@pytest.fixture(scope="module")
def signup_site(tmp_path_factory, endpoint) -> Path:
    """The foreign site with a sign-up form posting to the local endpoint, built."""
    origin, _ = endpoint
    root = with_settings(tmp_path_factory.mktemp("signup") / "site", {"signup": {
        "action": f"{origin}/subscribe/post?u=5f1c&id=7b3d", "email_field": "fields[email]",
        "fields": FIELDS, "consent": CONSENT, "honeypot": "b_5f1c_7b3d"}})
    result = run_build("build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out"))
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "out"


def form_action(policy: str) -> list[str]:
    return directives(policy)["form-action"]


def policies(site: Path, url: str) -> dict[str, str]:
    """The page's own <meta> policy and the one `_headers` sends for it."""
    [meta] = [m.get("content") for m in page(site, url).iter("meta")
              if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    [header] = [value for pattern, headers in common.read_headers_file(site) if pattern == "/*"
                for name, value in headers if name == "Content-Security-Policy"]
    return {"<meta>": meta, "_headers": header}


# -- The page as built.

def test_the_form_posts_to_the_provider_with_a_required_email_field_and_the_hidden_fields(signup_site, endpoint):
    origin, _ = endpoint
    [form] = main(page(signup_site, "subscribe/")).cssselect("form")
    assert (form.get("method"), form.get("action")) == ("post", f"{origin}/subscribe/post?u=5f1c&id=7b3d")
    [email] = form.cssselect("input[type=email]")
    assert email.get("name") == "fields[email]" and email.get("required") is not None
    assert email.get("autocomplete") == "email"
    [label] = form.cssselect(f"label[for={email.get('id')}]")
    assert text(label) == "Your email address"
    assert {i.get("name"): i.get("value") for i in form.cssselect("input[type=hidden]")} == FIELDS
    assert text(form.cssselect(".tx-signup__consent")[0]) == " ".join(CONSENT.split())


def test_the_provider_is_named_nowhere_but_in_the_forms_action(signup_site, endpoint):
    """No provider script, style, frame or picture: the page asks the provider for nothing. (Its
    policy names the provider too, allowing the form to post there.)"""
    origin, _ = endpoint
    tree = page(signup_site, "subscribe/")
    named = [(e.tag, name) for e in tree.iter() if isinstance(e.tag, str) and e.get("http-equiv") is None
             for name, value in e.attrib.items() if origin in value]
    assert named == [("form", "action")]
    assert all(origin not in (script.text or "") for script in tree.iter("script"))


def test_hostile_consent_and_field_values_stay_text(signup_site):
    tree = page(signup_site, "subscribe/")
    [form] = main(tree).cssselect("form")
    assert not form.cssselect("script, img") and "alert(1)" not in "".join(s.text or "" for s in tree.iter("script"))
    assert HOSTILE in text(form.cssselect(".tx-signup__consent")[0])
    assert form.cssselect("input[type=hidden]")[1].get("value") == FIELDS["fields[source]"]


def test_the_trap_field_is_off_screen_out_of_the_tab_order_and_hidden_from_assistive_technology(signup_site):
    [form] = main(page(signup_site, "subscribe/")).cssselect("form")
    [trap] = form.cssselect("input[name=b_5f1c_7b3d]")
    assert (trap.get("type"), trap.get("value"), trap.get("tabindex"), trap.get("autocomplete")) == ("text", "", "-1", "off")
    assert any(a.get("aria-hidden") == "true" for a in trap.iterancestors())


def test_form_action_allows_the_site_and_the_provider_and_nothing_else(signup_site, endpoint):
    origin, _ = endpoint
    for url in ("subscribe/", "", "resources/"):
        for source, policy in policies(signup_site, url).items():
            assert form_action(policy) == ["'self'", origin], (url, source)


def test_the_footer_leads_to_the_form(signup_site):
    for url in ("", "resources/"):
        links = {a.get("href"): text(a) for a in page(signup_site, url).cssselect("footer a")}
        target = "../" * url.count("/") + "subscribe/#newsletter"
        assert links.get(target) == "Get the newsletter by email", url
    assert page(signup_site, "subscribe/").get_element_by_id("newsletter") is not None


# -- In Chromium: nothing reaches the provider until the button is pressed, then exactly the form's fields.

def need_browser() -> None:
    if missing := common.missing_tools("chromium", "playwright"):
        pytest.skip("needs " + ", ".join(missing))


def settle(page, seconds: float = 0.5) -> None:
    """Time for a request the page might make late (a lazy image, a prefetch) to be made and seen
    (Playwright's own wait: its events, and the routes that let requests through, run only then)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(seconds * 1000)


def test_the_form_posts_exactly_its_fields_to_the_provider_and_nothing_before(signup_site, endpoint):
    need_browser()
    origin, received = endpoint
    received.clear()
    with common.serve(signup_site) as base, common.browser() as chromium:
        context = common.new_context(chromium, base)
        # new_context aborts every request that is not the site's; the provider's go through, to be recorded.
        context.route(f"{origin}/**", lambda route: route.continue_())
        tab = context.new_page()
        requested, violations = [], []
        tab.on("request", lambda request: requested.append((request.method, request.url)))
        tab.on("console", lambda message: violations.append(message.text)
               if "Content Security Policy" in message.text else None)
        tab.goto(base + "subscribe/")
        settle(tab)
        email = tab.locator("input[type=email]")
        email.focus()
        tab.keyboard.press("Tab")  # the trap is skipped: the button is next
        assert tab.evaluate("document.activeElement.type") == "submit"
        form = tab.locator("form.tx-signup__form")
        assert form.get_by_role("textbox").count() == 1  # the trap is not in the accessibility tree
        assert tab.get_by_role("textbox", name="Leave this empty").count() == 0
        assert tab.locator("#tx-signup-trap").bounding_box()["x"] < -1000  # and not on screen

        button = tab.get_by_role("button", name="Sign up")
        button.click()  # empty: the browser refuses to send it
        settle(tab, 0.3)
        assert email.evaluate("input => input.validity.valueMissing")
        email.fill("not an address")
        button.click()
        settle(tab, 0.3)
        assert email.evaluate("input => input.validity.typeMismatch")
        assert [r for r in requested if r[1].startswith(origin)] == [] and received == []

        email.fill(ADDRESS)
        with tab.expect_navigation():
            button.click()
        assert tab.locator("p").inner_text() == "Thanks for signing up."
        context.close()
    assert violations == []
    [(method, path, body)] = received
    assert (method, path) == ("POST", "/subscribe/post?u=5f1c&id=7b3d")
    assert parse_qsl(body, keep_blank_values=True, strict_parsing=True) == [
        ("fields[email]", ADDRESS), *FIELDS.items(), ("b_5f1c_7b3d", "")]


# -- Without the setting, no form; a bad setting is one clear line.

def test_without_signup_there_is_no_form_and_form_action_is_the_sites_own(foreign_site):
    assert not main(page(foreign_site, "subscribe/")).cssselect("form")
    for url in ("subscribe/", ""):
        for source, policy in policies(foreign_site, url).items():
            assert form_action(policy) == ["'self'"], (url, source)
    links = {a.get("href"): text(a) for a in page(foreign_site, "").cssselect("footer a")}
    assert links.get("subscribe/") == "Subscribe to our feeds"


EXAMPLE = "https://buttondown.com/api/emails/embed-subscribe/your-newsletter"
BAD = {
    "plain-http": ({"action": "http://lists.example.org/subscribe"},
                   "mkdocs.yml:10: tessellate.newsletter.signup.action: 'http://lists.example.org/subscribe' is not a "
                   f"form address (write the https:// address the provider's embed form posts to, e.g. {EXAMPLE})"),
    "no-action": ({"email_field": "EMAIL"},
                  "mkdocs.yml:9: tessellate.newsletter.signup.action: missing: the address the provider's form posts to "
                  f"(copy the action of its embed form, e.g. action: {EXAMPLE})"),
    "quote-in-action": ({"action": 'https://lists.example.org/"><script>'}, "tessellate.newsletter.signup.action: "),
    "misspelt": ({"action": "https://lists.example.org/s", "acton": "x"},
                 "mkdocs.yml:11: tessellate.newsletter.signup.acton: not a setting of the sign-up form "
                 "(allowed: action, email_field, fields, consent, honeypot)"),
    "field-not-text": ({"action": "https://lists.example.org/s", "fields": {"tags": ["a", "b"]}},
                       "mkdocs.yml:12: tessellate.newsletter.signup.fields.tags: the value must be text "
                       '(put it in quotes, e.g. tags: "1")'),
    "field-name-with-space": ({"action": "https://lists.example.org/s", "fields": {"list id": "3"}},
                              "tessellate.newsletter.signup.fields.list id: 'list id' is not a form field's name"),
    "empty-consent": ({"action": "https://lists.example.org/s", "consent": " "},
                      "mkdocs.yml:11: tessellate.newsletter.signup.consent: write the text shown by the button"),
    "trap-is-the-email": ({"action": "https://lists.example.org/s", "honeypot": "email"},
                          "mkdocs.yml:11: tessellate.newsletter.signup.honeypot: 'email' is already the form's email_field"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_bad_signup_setting_is_one_clear_line(name, tmp_path, capsys, monkeypatch):
    signup, expected = BAD[name]
    root = with_settings(tmp_path / "site", {"signup": signup})
    for key, value in BUILD_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert cli(["check", "-f", "mkdocs.yml"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: ") and expected in line, line
