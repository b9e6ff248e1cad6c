import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.db import OperationalError
from django.template.response import TemplateResponse

from craftsreg.security_log import log_event

logger = logging.getLogger("craftsreg.database")

# SQLSTATE of a statement PostgreSQL cancelled: statement_timeout, or pg_cancel_backend.
_QUERY_CANCELED = "57014"

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


class DatabaseBusy:
    """Answer 503 "busy, try again" when PostgreSQL cancelled the request's query.

    DATABASE_STATEMENT_TIMEOUT (set for web processes by gunicorn.conf.py) makes the database
    give up on a statement that runs too long — an unusual filter on a million rows, a lock
    held by a long job — so the query does not go on holding a core after the browser has gone.
    That is the server being busy, not a fault in the page: the visitor is told to try again
    in a moment (with Retry-After), and the path is logged so the slow page can be found.
    """

    retry_after_seconds = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        if getattr(exception.__cause__, "pgcode", None) != _QUERY_CANCELED:
            return None
        logger.warning("statement cancelled (timeout) on %s %s", request.method, request.path)
        response = TemplateResponse(request, "database_busy.html", status=503)
        response["Retry-After"] = str(self.retry_after_seconds)
        return response
