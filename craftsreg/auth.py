from axes.backends import AxesStandaloneBackend


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
