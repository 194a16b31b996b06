"""Authentication events go into the audit trail (BIO: log access to the system)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from meedoen.audit.services import record


def _municipality(user):
    from meedoen.accounts.access import primary_membership

    membership = primary_membership(user)
    return (membership.municipality if membership else None), (membership.role if membership else "")


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    municipality, role = _municipality(user)
    record(actor=user, action="auth.login", municipality=municipality, role=role)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is None:
        return
    municipality, role = _municipality(user)
    record(actor=user, action="auth.logout", municipality=municipality, role=role)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted username is not stored: it may be mistyped personal data (or a password).
    record(actor=None, action="auth.login_failed")
