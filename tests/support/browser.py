"""The phone every browser journey runs on unless a test says otherwise, and signing a
browser in without the login form."""

from django.conf import settings
from django.test import Client

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}


# Every Content-Security-Policy violation the page reports, kept for the test to read
# (`window.cspViolations`).
CSP_WATCH = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI || 'inline'}`);
});
"""


def signed_in_watching_csp(page, live_server, user):
    """The page, signed in as `user` (a session cookie, no login form), collecting CSP
    violations."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.add_init_script(CSP_WATCH)
    return page
