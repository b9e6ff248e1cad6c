"""Sign-in throttling: django-axes with a limit per username and address and a higher one per
address across usernames (password spraying)."""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes with an HTTP request.

    Sign-in forms always pass the request. Calls without one (the test client's login(),
    a management command) are not reachable from the network, so they skip the throttle
    instead of failing; ModelBackend still checks the password.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def failure_limit(parameters) -> int:
    """The failures allowed for one of ``AXES_LOCKOUT_PARAMETERS``: an address alone (every
    username tried from it) has its own, higher limit, so one office behind one address is not
    locked out by a few colleagues' typing mistakes, while spraying one password over many
    usernames is."""
    if parameters == "ip_address" or list(parameters) == ["ip_address"]:
        return settings.CRAFTSREG_LOGIN_IP_FAILURE_LIMIT
    return settings.AXES_FAILURE_LIMIT


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with a failure limit per lockout parameter set.

    axes 8 counts failures per parameter set (``[["username", "ip_address"], "ip_address"]``)
    but compares the largest count with one ``AXES_FAILURE_LIMIT``. Here each count is measured
    against its own limit (``failure_limit``) and expressed on the scale axes compares with: a
    set that reaches its own limit reaches ``AXES_FAILURE_LIMIT``, and no other does.
    """

    def get_failures(self, request, credentials=None) -> int:
        base = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        failures = 0
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            # count * base // limit >= base exactly when count >= limit.
            failures = max(failures, count * base // failure_limit(parameter))
        return failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        """On a successful sign-in, forget that user's failures from that address only.

        axes would reset every set the request matches, the address's too: one correct
        password (a sprayer's lucky guess, or their own account) would wipe the address's
        count and let the spraying go on.
        """
        count = 0
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.filter_user_attempts(request, credentials),
            strict=True,
        ):
            if "username" in ([parameter] if isinstance(parameter, str) else parameter):
                count += attempts.delete()[0]
        return count
