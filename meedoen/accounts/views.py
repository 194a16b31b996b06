"""Log in and out, passwords, two-factor authentication and the profile page."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from meedoen.accounts import access, auth_services
from meedoen.accounts.auth_services import CheckResult
from meedoen.accounts.forms import (
    ConfirmPasswordForm,
    LoginForm,
    OTPCodeForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)


def safe_next(request, default: str = "core:home") -> str:
    """The ``next`` parameter when it points into this site, otherwise ``default``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def _session_expired(request) -> bool:
    """The browser still sends a session cookie, but the server-side session is gone (idle timeout)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or request.user.is_authenticated:
        return False
    return request.session.is_empty()


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session_expired"] = self.request.method == "GET" and _session_expired(self.request)
        context["idle_minutes"] = settings.SESSION_IDLE_MINUTES
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET): a link or image cannot log someone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("U bent uitgelogd."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        auth_services.save_new_password(form, action="auth.password_changed")
        # Keep this session logged in (Django's own view does the same after saving).
        update_session_auth_hash(self.request, form.user)
        return redirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        auth_services.save_new_password(form, action="auth.password_reset")
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


# --- Two-factor authentication -------------------------------------------------------------------

def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _qr_svg(url: str) -> str:
    """The provisioning URL as an inline SVG (no external request, no inline style: CSP-safe)."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=5, border=2, dark="#000000", light="#ffffff", omitsize=True)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    if auth_services.has_confirmed_device(request.user):
        messages.info(request, _("Tweestapsverificatie staat al aan voor uw account."))
        return redirect("accounts:profile")
    device = auth_services.pending_totp_device(request.user)
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = auth_services.confirm_totp_device(request, device, form.cleaned_data["code"])
        if result is CheckResult.OK:
            messages.success(
                request, _("Tweestapsverificatie staat aan. Bij het inloggen vragen we voortaan om een code.")
            )
            return redirect(safe_next(request, default="accounts:profile"))
        form.add_error("code", _throttle_or_wrong(result))
    return render(request, "accounts/otp_setup.html", {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "next": request.GET.get("next", ""),
        "otp_required": settings.MEEDOEN_OTP_REQUIRED,
    })


def _throttle_or_wrong(result: CheckResult) -> str:
    if result is CheckResult.THROTTLED:
        return _("Te veel onjuiste codes achter elkaar. Wacht even en probeer het dan opnieuw.")
    return _("Deze code klopt niet. Controleer of de tijd op uw telefoon klopt en probeer de nieuwste code.")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    if request.user.is_verified():
        return redirect(safe_next(request))
    if not auth_services.has_confirmed_device(request.user):
        return redirect("accounts:otp_setup" if settings.MEEDOEN_OTP_REQUIRED else "core:home")
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = auth_services.verify_second_factor(request, form.cleaned_data["code"])
        if result is CheckResult.OK:
            return redirect(safe_next(request))
        form.add_error("code", _throttle_or_wrong(result))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_disable(request):
    if settings.MEEDOEN_OTP_REQUIRED:
        raise Http404
    if not auth_services.has_confirmed_device(request.user):
        return redirect("accounts:profile")
    if not request.user.is_verified():
        # /account/2fa/ is reachable before the second factor: the password alone must not switch it off.
        return redirect(f"{reverse('accounts:otp_verify')}?next={reverse('accounts:otp_disable')}")
    form = ConfirmPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_services.disable_two_factor(request)
        messages.success(request, _("Tweestapsverificatie staat uit."))
        return redirect("accounts:profile")
    return render(request, "accounts/otp_disable.html", {"form": form})


# --- Profile -------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET"])
def profile(request):
    return render(request, "accounts/profile.html", {
        "memberships": access.memberships(request.user),
        "has_device": auth_services.has_confirmed_device(request.user),
        "otp_required": settings.MEEDOEN_OTP_REQUIRED,
    })
