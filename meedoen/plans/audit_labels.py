"""Dutch labels for the audit actions this app records (merged into ``audit.forms.ACTION_LABELS``).

READ_ACTIONS / CHANGE_ACTIONS say which of them count as looking at or changing one client's record.
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict = {
    "plans.draft_created": _("Concept van een plan gemaakt"),
    "plans.draft_updated": _("Concept van een plan gewijzigd"),
    "plans.draft_discarded": _("Concept van een plan verwijderd"),
    "plans.activity_added": _("Activiteit aan het plan toegevoegd"),
    "plans.activity_updated": _("Activiteit in het plan gewijzigd"),
    "plans.activity_removed": _("Activiteit uit het plan verwijderd"),
    "plans.plan_set": _("Plan vastgesteld (PIP of plan van aanpak)"),
    "plans.plan_revised": _("Plan herzien (nieuwe versie)"),
    "plans.plan_viewed": _("Plan bekeken"),
    "plans.pdf_exported": _("Plan als pdf gemaakt"),
    "plans.special_category_viewed": _("Zorgactiviteiten in het plan bekeken"),
    "plans.settings_changed": _("Normen plan en signalen aangepast"),
}
READ_ACTIONS: tuple[str, ...] = ("plans.plan_viewed", "plans.pdf_exported", "plans.special_category_viewed")
CHANGE_ACTIONS: tuple[str, ...] = (
    "plans.draft_created", "plans.draft_updated", "plans.draft_discarded", "plans.activity_added",
    "plans.activity_updated", "plans.activity_removed", "plans.plan_set", "plans.plan_revised",
)
