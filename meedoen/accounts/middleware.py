from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Pages a logged-in user may reach before the second factor is verified.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/account/logout/", "/account/2fa/")


class TwoFactorMiddleware:
    """A logged-in user with a TOTP device must verify a code before anything else.

    With ``MEEDOEN_OTP_REQUIRED`` (always in production) a user without a device is sent to set one up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(_OPEN_PREFIXES):
            from django_otp import user_has_device

            if user_has_device(user, confirmed=True):
                return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
            if settings.MEEDOEN_OTP_REQUIRED:
                return redirect("accounts:otp_setup")
        return self.get_response(request)
