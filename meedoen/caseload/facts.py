"""The facts a segment rule may test, and how a list of conditions is checked and explained.

``FACTS`` is the one registry: a fact added here (for example the Dutch level or the availability
that the intake work brings) can be used in ``SegmentRule.conditions`` at once, with its validation
and its wording in the explanation. Only stated facts about the person's situation belong here:
never nationality, origin, gender or health.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.clients.models import Regime
from meedoen.journey.models import CoaProfile

INTEGER, BOOLEAN, CHOICE = "integer", "boolean", "choice"


@dataclass(frozen=True)
class FactContext:
    """What a fact is read from: the client, its COA profile (if any) and the day of evaluation."""

    client: Any
    coa_profile: CoaProfile | None
    today: dt.date


@dataclass(frozen=True)
class Fact:
    label: Any  # lazy Dutch label, used in messages and explanations
    kind: str  # INTEGER, BOOLEAN or CHOICE
    read: Callable[[FactContext], Any]
    choices: type[models.TextChoices] | None = None
    lowercase: bool = True  # "opleiding: hoger onderwijs"; False keeps names such as "Wet inburgering 2021"

    @property
    def ops(self) -> tuple[str, ...]:
        return tuple(OPS) if self.kind == INTEGER else ("eq", "ne")

    def display(self, value) -> str:
        if value is None:
            return _("onbekend")
        if self.kind == BOOLEAN:
            return _("ja") if value else _("nee")
        if self.kind == CHOICE and self.choices is not None:
            try:
                label = str(self.choices(value).label)
            except ValueError:
                return str(value)
            return label.lower() if self.lowercase else label
        return str(value)


def _coa(attribute: str) -> Callable[[FactContext], Any]:
    def read(ctx: FactContext):
        return getattr(ctx.coa_profile, attribute) if ctx.coa_profile is not None else None

    return read


def _education(ctx: FactContext):
    value = _coa("education")(ctx)
    return None if value in (None, CoaProfile.Education.UNKNOWN) else value


FACTS: dict[str, Fact] = {
    "age": Fact(gettext_lazy("leeftijd"), INTEGER, lambda ctx: ctx.client.age_on(ctx.today)),
    "low_literacy": Fact(gettext_lazy("laaggeletterd"), BOOLEAN, lambda ctx: ctx.client.low_literacy),
    "has_work_experience": Fact(gettext_lazy("werkervaring"), BOOLEAN, lambda ctx: ctx.client.has_work_experience),
    "work_experience_years": Fact(gettext_lazy("jaren werkervaring"), INTEGER, _coa("work_experience_years")),
    "education": Fact(gettext_lazy("opleiding"), CHOICE, _education, choices=CoaProfile.Education),
    "regime": Fact(gettext_lazy("regime"), CHOICE, lambda ctx: ctx.client.regime, choices=Regime,
                   lowercase=False),
}

OPS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "lt": ("<", operator.lt),
    "lte": ("≤", operator.le),
    "gt": (">", operator.gt),
    "gte": ("≥", operator.ge),
    "eq": ("=", operator.eq),
    "ne": ("≠", operator.ne),
}

CONDITION_KEYS = {"fact", "op", "value"}


def _fact_list() -> str:
    return ", ".join(f"{code} ({fact.label})" for code, fact in FACTS.items())


def _check_value(number: int, fact: Fact, value) -> str | None:
    if fact.kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            return _("Voorwaarde %(n)s: bij %(label)s hoort een geheel getal als waarde.") % {
                "n": number, "label": fact.label}
        if value < 0:
            return _("Voorwaarde %(n)s: de waarde van %(label)s kan niet negatief zijn.") % {
                "n": number, "label": fact.label}
    elif fact.kind == BOOLEAN:
        if not isinstance(value, bool):
            return _("Voorwaarde %(n)s: bij %(label)s hoort true (ja) of false (nee) als waarde.") % {
                "n": number, "label": fact.label}
    elif fact.kind == CHOICE and value not in fact.choices.values:
        return _("Voorwaarde %(n)s: kies bij %(label)s een van deze waarden: %(values)s.") % {
            "n": number, "label": fact.label, "values": ", ".join(fact.choices.values)}
    return None


def validate_conditions(conditions) -> None:
    """Raise a ValidationError (Dutch messages, one per problem) unless ``conditions`` is a valid list."""
    if not isinstance(conditions, list):
        raise ValidationError(
            _('De voorwaarden zijn een lijst, bijvoorbeeld [{"fact": "low_literacy", "op": "eq", "value": true}].'),
            code="conditions_type")
    problems = []
    for number, condition in enumerate(conditions, start=1):
        if not isinstance(condition, dict) or set(condition) != CONDITION_KEYS:
            problems.append(_("Voorwaarde %(n)s: gebruik precies de sleutels fact, op en value.") % {"n": number})
            continue
        fact = FACTS.get(condition["fact"])
        if fact is None:
            problems.append(_("Voorwaarde %(n)s: onbekend gegeven '%(fact)s'. Toegestaan zijn: %(facts)s.") % {
                "n": number, "fact": condition["fact"], "facts": _fact_list()})
            continue
        op = condition["op"]
        if op not in OPS:
            problems.append(_("Voorwaarde %(n)s: onbekende vergelijking '%(op)s'. Toegestaan zijn: %(ops)s.") % {
                "n": number, "op": op, "ops": ", ".join(OPS)})
            continue
        if op not in fact.ops:
            problems.append(_("Voorwaarde %(n)s: bij %(label)s kunt u alleen eq (is) of ne (is niet) gebruiken.")
                            % {"n": number, "label": fact.label})
            continue
        problem = _check_value(number, fact, condition["value"])
        if problem:
            problems.append(problem)
    if problems:
        raise ValidationError(problems, code="conditions")


def evaluate(conditions: list[dict], ctx: FactContext) -> tuple[bool, list[str]]:
    """Whether every condition holds (an unknown fact never does), with one explanation term per condition.

    The terms state the client's own value: "werkervaring: ja", "leeftijd 24 < 27".
    """
    terms = []
    for condition in conditions:
        fact = FACTS[condition["fact"]]
        symbol, compare = OPS[condition["op"]]
        value, target = fact.read(ctx), condition["value"]
        if value is None or not compare(value, target):
            return False, []
        if fact.kind == INTEGER:
            terms.append(f"{fact.label} {value} {symbol} {target}")
        elif fact.kind == CHOICE and condition["op"] == "ne":
            terms.append(f"{fact.label}: {fact.display(value)} ≠ {fact.display(target)}")
        else:
            terms.append(f"{fact.label}: {fact.display(value)}")
    return True, terms
