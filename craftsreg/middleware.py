import time

from django.conf import settings
from django.contrib.auth import logout

from craftsreg.security_log import log_event

_STARTED = "craftsreg_session_started"
_LAST_SEEN = "craftsreg_session_last_seen"


class SessionTimeouts:
    """Sign a user out after an idle period and after an absolute lifetime (ASVS 7.3).

    Django's own SESSION_COOKIE_AGE only bounds the cookie; this bounds the signed-in session
    on the server whatever the browser does with its cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Anonymous visitors have no session cookie: do not load (and Vary on) the session.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = time.time()
            started = request.session.get(_STARTED, now)
            last_seen = request.session.get(_LAST_SEEN, now)
            idle_limit = settings.CRAFTSREG_SESSION_IDLE_MINUTES * 60
            absolute_limit = settings.CRAFTSREG_SESSION_ABSOLUTE_HOURS * 3600
            if now - last_seen > idle_limit or now - started > absolute_limit:
                reason = "idle" if now - last_seen > idle_limit else "absolute"
                log_event("session_expired", request, reason=reason)
                logout(request)
            else:
                if _STARTED not in request.session:
                    # Assigning marks the session modified: only the first time, or every
                    # page view would write the session row.
                    request.session[_STARTED] = started
                # Written at most once a minute so every page view is not a session write.
                if now - last_seen > 60 or _LAST_SEEN not in request.session:
                    request.session[_LAST_SEEN] = now
        return self.get_response(request)


class LogDeniedAccess:
    """Log every 403, and every 404 served to a signed-in user (ASVS 16.3).

    Permission checks answer 404 for objects a user may not see, so a signed-in user's 404 is
    where probing shows up; anonymous 404s are ordinary broken links and are not logged here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            log_event("access_denied", request, status=403)
        elif response.status_code == 404:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                log_event("access_denied", request, status=404)
        return response
