"""Dutch labels for the audit actions this app records (merged into ``audit.forms.ACTION_LABELS``).

READ_ACTIONS / CHANGE_ACTIONS say which of them count as looking at or changing one client's record.
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict = {
    "exams.client_viewed": _("Examens en modules bekeken"),
    "exams.attempt_recorded": _("Examenpoging vastgelegd"),
    "exams.result_recorded": _("Examenuitslag vastgelegd"),
    "exams.modules_saved": _("PVT en MAP bijgewerkt"),
    "exams.duty_fulfilled_derived": _("Inburgeringsplicht voldaan (afgeleid uit examens en modules)"),
}
READ_ACTIONS: tuple[str, ...] = ("exams.client_viewed",)
CHANGE_ACTIONS: tuple[str, ...] = ("exams.attempt_recorded", "exams.result_recorded", "exams.modules_saved",
                                   "exams.duty_fulfilled_derived")
