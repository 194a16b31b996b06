"""The national default deadline rules, each with its source (domain.md cites the underlying texts).

These rows are written by migration ``0002_default_rules`` and kept in step by ``sync_default_rules``.
Where ``is_norm`` is true a municipality may set its own value; legal terms are not editable.
"""

from __future__ import annotations

DEFAULT_RULES: list[dict] = [
    {
        "code": "housing_offer", "anchor": "linked", "offset_amount": 10, "offset_unit": "weeks",
        "is_norm": True,
        "source": "Norm: woning aanbieden binnen 10 weken na koppeling aan de gemeente (afspraak Rijk–gemeenten "
                  "bij de taakstelling; domain.md 'Before arrival').",
    },
    {
        "code": "housing_move", "anchor": "linked", "offset_amount": 12, "offset_unit": "weeks",
        "is_norm": True,
        "source": "Norm: 10 weken voor het aanbod plus 2 weken om te verhuizen na koppeling (domain.md).",
    },
    {
        "code": "pip", "anchor": "brp_registered", "offset_amount": 10, "offset_unit": "weeks",
        "regimes": ["wi2021"], "is_norm": True,
        "source": "Wet inburgering 2021 art. 15: PIP vaststellen; norm 10 weken na inschrijving in de gemeente "
                  "(startmoment en lengte instelbaar).",
    },
    {
        "code": "inburgering_term", "anchor": "first_pip", "anchor_shift_days": 1, "offset_amount": 3,
        "offset_unit": "years", "end_adjust_days": -1, "regimes": ["wi2021"], "is_norm": False,
        "source": "Wet inburgering 2021 art. 11: drie jaar vanaf de dag na de dagtekening van het eerste PIP; "
                  "alleen verlengd door vastgelegde verlengingen.",
    },
    {
        "code": "route_switch", "anchor": "first_pip", "anchor_shift_days": 1, "offset_amount": 18,
        "offset_unit": "months", "end_adjust_days": -1, "is_window": True, "regimes": ["wi2021"],
        "is_norm": False,
        "source": "Wet inburgering 2021: wisselen van leerroute kan tot 18 maanden na het begin van de "
                  "inburgeringstermijn (domain.md 'Learning routes').",
    },
    {
        "code": "ontzorgen", "anchor": "bijstand_start", "offset_amount": 6, "offset_unit": "months",
        "end_adjust_days": -1, "is_window": True, "regimes": ["wi2021"], "target_groups": ["asielstatushouder"],
        "is_norm": False,
        "source": "Participatiewet art. 56a: ontzorgen 6 maanden vanaf het begin van de bijstand voor "
                  "inburgeringsplichtige asielstatushouders; eindigt eerder met de bijstand.",
    },
    {
        "code": "progress_conversation", "anchor": "last_progress", "offset_amount": 3, "offset_unit": "months",
        "is_norm": True,
        "source": "Lokale norm: voortgangsgesprek elke 3 maanden (PIP: hoe de voortgang wordt gevolgd; "
                  "domain.md).",
    },
    {
        "code": "ladder_measurement", "anchor": "last_ladder", "offset_amount": 6, "offset_unit": "months",
        "is_norm": True,
        "source": "Lokale norm: Participatieladder minstens twee keer per jaar meten (domain.md 'Instruments').",
    },
]

FIELDS = ("anchor", "anchor_shift_days", "offset_amount", "offset_unit", "end_adjust_days", "is_window",
          "regimes", "target_groups", "is_norm", "source")


def default_values(rule: dict) -> dict:
    return {
        "anchor": rule["anchor"],
        "anchor_shift_days": rule.get("anchor_shift_days", 0),
        "offset_amount": rule["offset_amount"],
        "offset_unit": rule["offset_unit"],
        "end_adjust_days": rule.get("end_adjust_days", 0),
        "is_window": rule.get("is_window", False),
        "regimes": rule.get("regimes", []),
        "target_groups": rule.get("target_groups", []),
        "is_norm": rule["is_norm"],
        "source": rule["source"],
    }
