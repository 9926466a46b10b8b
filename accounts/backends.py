from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """Login throttling for sign-ins that come with a request (the login pages).

    ``authenticate()`` without a request (``Client.login`` in tests, management commands) has no IP
    address to throttle by; axes would refuse it, this lets the next backend answer instead.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
