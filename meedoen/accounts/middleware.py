from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Pages a logged-in user may reach before the second factor is verified.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/account/logout/", "/account/2fa/")

# Whether the session's user had a confirmed device when the session began (saves two queries a request).
SESSION_HAS_DEVICE = "meedoen_has_otp_device"


class TwoFactorMiddleware:
    """A logged-in user with a TOTP device must verify a code before anything else.

    With ``MEEDOEN_OTP_REQUIRED`` (always in production) a user without a device is sent to set one up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(_OPEN_PREFIXES):
            has_device = request.session.get(SESSION_HAS_DEVICE)
            if has_device is None:
                from django_otp import user_has_device

                has_device = user_has_device(user, confirmed=True)
                request.session[SESSION_HAS_DEVICE] = has_device
            if has_device:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:otp_verify')}?{query}")
            if settings.MEEDOEN_OTP_REQUIRED:
                return redirect("accounts:otp_setup")
        return self.get_response(request)
