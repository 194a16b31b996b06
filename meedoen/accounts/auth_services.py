"""Account security changes: two-factor devices and passwords. Each change is audited in its transaction."""

from __future__ import annotations

import enum

import django_otp
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.accounts.access import primary_membership
from meedoen.audit.services import record

DEVICE_NAME = "Meedoen"


def _record(user, action: str, **kwargs) -> None:
    membership = primary_membership(user)
    record(actor=user, action=action, municipality=membership.municipality if membership else None,
           role=membership.role if membership else "", **kwargs)


def has_confirmed_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


@transaction.atomic
def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being set up (created on first use, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


class CheckResult(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"


def _check(device, code: str) -> CheckResult:
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return CheckResult.THROTTLED
    return CheckResult.OK if device.verify_token(code) else CheckResult.WRONG


@transaction.atomic
def confirm_totp_device(request, device: TOTPDevice, code: str) -> CheckResult:
    """Confirm the device with a first code; the session then counts as verified."""
    result = _check(device, code)
    if result is not CheckResult.OK:
        return result
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).exclude(pk=device.pk).delete()
    django_otp.login(request, device)
    _record(request.user, "auth.otp_enabled")
    return result


def verify_second_factor(request, code: str) -> CheckResult:
    """Check a code against the user's confirmed devices and mark the session verified."""
    result = CheckResult.WRONG
    for device in devices_for_user(request.user, confirmed=True):
        with transaction.atomic():
            outcome = _check(device, code)
            if outcome is CheckResult.OK:
                django_otp.login(request, device)
                _record(request.user, "auth.otp_verified")
                return outcome
        if outcome is CheckResult.THROTTLED:
            result = outcome
    _record(request.user, "auth.otp_failed")
    return result


@transaction.atomic
def disable_two_factor(request) -> None:
    user = request.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    _record(user, "auth.otp_disabled")


@transaction.atomic
def save_new_password(form, *, action: str = "auth.password_changed"):
    """Save a password form (change or reset) and record it."""
    user = form.save()
    _record(user, action)
    return user
