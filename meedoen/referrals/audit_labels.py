"""Dutch labels for the audit actions this app records (merged into ``audit.forms.ACTION_LABELS``).

READ_ACTIONS / CHANGE_ACTIONS say which of them count as looking at or changing one client's record.
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict = {
    "referrals.consent_recorded": _("Toestemming gegevensdeling vastgelegd"),
    "referrals.referral_created": _("Verwezen naar een partner"),
    "referrals.status_changed": _("Status verwijzing gewijzigd"),
    "referrals.attendance_recorded": _("Aanwezigheid vastgelegd"),
    "referrals.note_added": _("Voortgang verwijzing vastgelegd"),
    "referrals.signal_handled": _("Signaal afgehandeld"),
    "referrals.referral_viewed": _("Verwijzing bekeken"),
    "referrals.partner_list_viewed": _("Verwijzingen bekeken door partner"),
}
READ_ACTIONS: tuple[str, ...] = ("referrals.referral_viewed",)
CHANGE_ACTIONS: tuple[str, ...] = (
    "referrals.consent_recorded", "referrals.referral_created", "referrals.status_changed",
    "referrals.attendance_recorded", "referrals.note_added", "referrals.signal_handled",
)
