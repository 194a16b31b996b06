"""Use cases of the client registry.

Changes are atomic and write their audit event in the same transaction; the audit details name
fields and identifier kinds, never their values. The duplicate look-ups at the end only read:
they search the whole municipality (a new registration must not duplicate anybody's record),
and the views decide what of a match the user may see.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.accounts.models import Role
from meedoen.audit.services import record
from meedoen.clients.models import (
    Client,
    ClientIdentifier,
    Household,
    HouseholdRole,
    IdentifierKind,
    Language,
    Regime,
    validate_bsn,
)

# Plain fields of the registry that create_client takes and update_client may change.
TEXT_FIELDS = ("given_names", "family_name", "phone", "email", "street", "house_number", "city")
REGISTRY_FIELDS = (
    "given_names", "family_name", "birth_date", "regime", "target_group", "country_of_origin",
    "phone", "email", "street", "house_number", "postcode", "city", "team", "klantmanager",
)
# What update_client accepts: the registry fields, the languages (many-to-many) and the role in the household.
# Stated facts the priority rules use; set from the broad intake (intake.services.complete_intake).
FACT_FIELDS = ("low_literacy", "has_work_experience")
EDITABLE_FIELDS = (*REGISTRY_FIELDS, "languages", "household_role", *FACT_FIELDS)
# Kept for callers of the foundation API.
AUDITED_FIELDS = EDITABLE_FIELDS

INBURGERING_REGIMES = (Regime.WI2021, Regime.WI2013)

# The form field (and create_client keyword) of each identifier kind.
IDENTIFIER_FIELDS = {
    IdentifierKind.BSN: "bsn",
    IdentifierKind.V_NUMBER: "v_number",
    IdentifierKind.COA_NUMBER: "coa_number",
}

V_NUMBER_MAX_LENGTH = 10  # domain.md: a vreemdelingennummer has up to 10 characters (digits)
COA_NUMBER_MAX_LENGTH = 20
_SEPARATORS = re.compile(r"[\s.\-]")


# --- Identifiers: format and uniqueness ---------------------------------------------------------

def clean_identifier(kind: str, value: str) -> str:
    """The normalised identifier, or a ValidationError with a clear Dutch message.

    BSN: 9 digits passing the 11-check (8 digits get a leading zero). V-nummer: up to 10 digits.
    COA number: up to 20 letters and digits. Spaces, dots and hyphens are ignored.
    """
    if kind == IdentifierKind.BSN:
        return validate_bsn(value)
    compact = _SEPARATORS.sub("", value or "")
    if kind == IdentifierKind.V_NUMBER:
        if not re.fullmatch(rf"[0-9]{{1,{V_NUMBER_MAX_LENGTH}}}", compact):
            raise ValidationError(_("Een V-nummer bestaat uit hoogstens 10 cijfers."), code="v_number_format")
        return compact
    if kind == IdentifierKind.COA_NUMBER:
        compact = compact.upper()
        if not re.fullmatch(rf"[A-Z0-9]{{1,{COA_NUMBER_MAX_LENGTH}}}", compact):
            raise ValidationError(_("Een COA-nummer bestaat uit hoogstens 20 letters en cijfers."),
                                  code="coa_number_format")
        return compact
    raise ValueError(f"unknown identifier kind {kind!r}")


def identifier_taken_message(kind: str) -> str:
    return {
        IdentifierKind.BSN: _("Er staat al een cliënt met dit BSN ingeschreven."),
        IdentifierKind.V_NUMBER: _("Er staat al een cliënt met dit V-nummer ingeschreven."),
        IdentifierKind.COA_NUMBER: _("Er staat al een cliënt met dit COA-nummer ingeschreven."),
    }[kind]


def _identifier_taken(municipality_id: int, kind: str, value: str, *, exclude_pk: int | None = None) -> bool:
    rows = ClientIdentifier.objects.filter(municipality_id=municipality_id, kind=kind, value=value)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return rows.exists()


def _check_verified_on(verified_on: date | None) -> None:
    if verified_on is not None and verified_on > timezone.localdate():
        raise ValidationError({"verified_on": _("Een verificatiedatum kan niet in de toekomst liggen.")})


# --- Registry fields ----------------------------------------------------------------------------

def normalise_postcode(value: str) -> str:
    """'8011ab' and '8011 ab' become '8011 AB'; anything else is returned stripped for the validator."""
    value = (value or "").strip().upper()
    compact = value.replace(" ", "")
    if re.fullmatch(r"[0-9]{4}[A-Z]{2}", compact):
        return f"{compact[:4]} {compact[4:]}"
    return value


def _normalise(changes: dict) -> dict:
    for name in TEXT_FIELDS:
        if isinstance(changes.get(name), str):
            changes[name] = changes[name].strip()
    if isinstance(changes.get("postcode"), str):
        changes["postcode"] = normalise_postcode(changes["postcode"])
    return changes


def _check_assignment(municipality, team, klantmanager) -> None:
    if team is not None and team.municipality_id != municipality.pk:
        raise ValidationError({"team": _("Het team hoort bij een andere gemeente.")})
    if klantmanager is not None:
        ok = klantmanager.memberships.active().filter(
            municipality=municipality, role=Role.KLANTMANAGER, **({"team": team} if team else {})
        ).exists()
        if not ok:
            raise ValidationError(
                {"klantmanager": _("Deze medewerker is geen klantmanager in dit team van deze gemeente.")}
            )


def _check_languages(languages: Iterable) -> list[Language]:
    languages = list(languages or ())
    if any(not isinstance(language, Language) or language.pk is None for language in languages):
        raise ValidationError({"languages": _("Kies talen uit de lijst.")})
    return languages


@transaction.atomic
def create_client(
    *,
    actor,
    municipality,
    given_names: str,
    family_name: str,
    birth_date: date,
    team=None,
    klantmanager=None,
    regime: str = Regime.NONE,
    target_group: str = "",
    country_of_origin: str = "",
    languages: Iterable[Language] = (),
    phone: str = "",
    email: str = "",
    street: str = "",
    house_number: str = "",
    postcode: str = "",
    city: str = "",
    bsn: str | None = None,
    v_number: str | None = None,
    coa_number: str | None = None,
) -> Client:
    """Register a client with its identifiers (each its own row).

    Every identifier must have the right format and be new in the municipality; the target group
    is required for an inburgering regime and dropped for ``none``. Nothing is saved unless all is well.
    """
    _check_assignment(municipality, team, klantmanager)
    languages = _check_languages(languages)
    fields = _normalise({
        "given_names": given_names, "family_name": family_name, "phone": phone, "email": email,
        "street": street, "house_number": house_number, "postcode": postcode, "city": city,
    })
    if regime not in INBURGERING_REGIMES:
        target_group = ""
    client = Client(
        municipality=municipality, team=team, klantmanager=klantmanager, birth_date=birth_date, regime=regime,
        target_group=target_group, country_of_origin=country_of_origin or "", **fields,
    )
    errors: dict[str, list] = {}
    try:
        client.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    identifiers: dict[str, str] = {}
    for kind, raw in ((IdentifierKind.BSN, bsn), (IdentifierKind.V_NUMBER, v_number),
                      (IdentifierKind.COA_NUMBER, coa_number)):
        if not raw:
            continue
        field = IDENTIFIER_FIELDS[kind]
        try:
            identifiers[kind] = clean_identifier(kind, raw)
        except ValidationError as exc:
            errors[field] = exc.messages
            continue
        if _identifier_taken(municipality.pk, kind, identifiers[kind]):
            errors[field] = [identifier_taken_message(kind)]
    if errors:
        raise ValidationError(errors)
    client.save()
    if languages:
        client.languages.set(languages)
    try:
        with transaction.atomic():
            ClientIdentifier.objects.bulk_create([
                ClientIdentifier(client=client, municipality=municipality, kind=kind, value=value)
                for kind, value in identifiers.items()
            ])
    except IntegrityError:
        # Two people registering the same number at the same moment: the unique constraint decides.
        kinds = list(identifiers)
        raise ValidationError({IDENTIFIER_FIELDS[kinds[0]]: identifier_taken_message(kinds[0])}) from None
    record(
        actor=actor, action="client.created", obj=client, client_public_id=client.public_id,
        details={
            "with_bsn": IdentifierKind.BSN in identifiers,
            "identifiers": sorted(identifiers),
            "team": str(team.public_id) if team else None,
        },
    )
    return client


@transaction.atomic
def update_client(*, actor, client: Client, **changes) -> Client:
    """Change registry fields, languages or the role in the household.

    The audit event lists the names of the changed fields, never their values. Nothing is saved
    when a check fails.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"update_client cannot change {sorted(unknown)}")
    changes = _normalise(dict(changes))
    languages = changes.pop("languages", None)
    team = changes.get("team", client.team)
    klantmanager = changes.get("klantmanager", client.klantmanager)
    if "team" in changes or "klantmanager" in changes:
        _check_assignment(client.municipality, team, klantmanager)
    if changes.get("regime", client.regime) not in INBURGERING_REGIMES:
        changes["target_group"] = ""  # only an inburgering regime has a target group
    if changes.get("household_role") and not client.household_id:
        raise ValidationError({"household_role": _("Deze cliënt hoort niet bij een huishouden.")})
    if "household_role" in changes and changes["household_role"] not in ("", *HouseholdRole.values):
        raise ValidationError({"household_role": _("Kies een rol uit de lijst.")})
    if "country_of_origin" in changes:
        changes["country_of_origin"] = changes["country_of_origin"] or ""

    changed = [name for name, value in changes.items() if getattr(client, name) != value]
    languages_changed = False
    if languages is not None:
        languages = _check_languages(languages)
        current = set(client.languages.values_list("pk", flat=True))
        languages_changed = {language.pk for language in languages} != current
    if not changed and not languages_changed:
        return client
    original = {name: getattr(client, name) for name in changed}
    for name in changed:
        setattr(client, name, changes[name])
    try:
        client.full_clean()
    except ValidationError:
        for name, value in original.items():  # leave the caller's object as it was
            setattr(client, name, value)
        raise
    client.save(update_fields=[*changed, "updated_at"])
    if languages_changed:
        client.languages.set(languages)
    fields = sorted([*changed, *(["languages"] if languages_changed else [])])
    record(actor=actor, action="client.updated", obj=client, client_public_id=client.public_id,
           details={"fields": fields})
    return client


# --- Identifiers on an existing client ------------------------------------------------------------

def _record_identifier(actor, action: str, client: Client, identifier: ClientIdentifier, **details) -> None:
    record(actor=actor, action=action, obj=identifier, municipality=client.municipality,
           client_public_id=client.public_id, details={"kind": identifier.kind, **details})


@transaction.atomic
def add_identifier(*, actor, client: Client, kind: str, value: str, verified_on: date | None = None
                   ) -> ClientIdentifier:
    """Give the client a BSN, V-nummer or COA number (one of each kind; unique in the municipality)."""
    if kind not in IdentifierKind.values:
        raise ValidationError({"kind": _("Kies een soort nummer uit de lijst.")})
    try:
        value = clean_identifier(kind, value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from None
    _check_verified_on(verified_on)
    if client.identifiers.filter(kind=kind).exists():
        raise ValidationError({"kind": _("Deze cliënt heeft dit soort nummer al. Wijzig dat nummer als het "
                                         "niet klopt.")})
    if _identifier_taken(client.municipality_id, kind, value):
        raise ValidationError({"value": identifier_taken_message(kind)})
    identifier = ClientIdentifier(client=client, municipality_id=client.municipality_id, kind=kind, value=value,
                                  verified_on=verified_on)
    try:
        with transaction.atomic():
            identifier.save()
    except IntegrityError:
        raise ValidationError({"value": identifier_taken_message(kind)}) from None
    _record_identifier(actor, "client.identifier_added", client, identifier)
    return identifier


_UNCHANGED = object()


@transaction.atomic
def change_identifier(*, actor, client: Client, identifier: ClientIdentifier, value: str | None = None,
                      verified_on=_UNCHANGED) -> ClientIdentifier:
    """Correct the number (when ``value`` is given) and/or its verification date."""
    if identifier.client_id != client.pk:
        raise ValueError("the identifier belongs to another client")
    changed = []
    if value:
        try:
            value = clean_identifier(identifier.kind, value)
        except ValidationError as exc:
            raise ValidationError({"value": exc.messages}) from None
        if value != identifier.value:
            if _identifier_taken(client.municipality_id, identifier.kind, value, exclude_pk=identifier.pk):
                raise ValidationError({"value": identifier_taken_message(identifier.kind)})
            identifier.value = value
            changed.append("value")
    if verified_on is not _UNCHANGED and verified_on != identifier.verified_on:
        _check_verified_on(verified_on)
        identifier.verified_on = verified_on
        changed.append("verified_on")
    if not changed:
        return identifier
    try:
        with transaction.atomic():
            identifier.save(update_fields=[*changed, "updated_at"])
    except IntegrityError:
        raise ValidationError({"value": identifier_taken_message(identifier.kind)}) from None
    _record_identifier(actor, "client.identifier_changed", client, identifier, fields=changed)
    return identifier


@transaction.atomic
def remove_identifier(*, actor, client: Client, identifier: ClientIdentifier) -> None:
    if identifier.client_id != client.pk:
        raise ValueError("the identifier belongs to another client")
    identifier.delete()
    _record_identifier(actor, "client.identifier_removed", client, identifier)


# --- Household ---------------------------------------------------------------------------------------

def _check_role(field: str, role: str) -> None:
    if role not in ("", *HouseholdRole.values):
        raise ValidationError({field: _("Kies een rol uit de lijst.")})


@transaction.atomic
def link_household(*, actor, client: Client, member: Client, client_role: str = "", member_role: str = ""
                   ) -> Household:
    """Put ``client`` and ``member`` in one household: the household either already has, or a new one.

    Two clients who each belong to a different household are refused (take one out first), so a
    household is never merged by accident. Each client whose household or role changes gets a
    ``client.household_linked`` event.
    """
    _check_role("client_role", client_role)
    _check_role("member_role", member_role)
    if client.pk == member.pk:
        raise ValidationError(_("Een cliënt kan niet met zichzelf een huishouden vormen."))
    if client.municipality_id != member.municipality_id:
        raise ValidationError(_("Alleen cliënten van dezelfde gemeente vormen samen een huishouden."))
    # Read the current households again inside the transaction (and lock the rows where the database can).
    current = dict(Client.objects.select_for_update().filter(pk__in=[client.pk, member.pk])
                   .values_list("pk", "household_id"))
    client.household_id, member.household_id = current[client.pk], current[member.pk]
    if client.household_id and member.household_id and client.household_id != member.household_id:
        raise ValidationError(_("Deze cliënten horen al bij verschillende huishoudens. Haal eerst een van "
                                "beiden uit het eigen huishouden."))
    created = not (client.household_id or member.household_id)
    if created:
        household = Household.objects.create(municipality_id=client.municipality_id)
    else:
        household = Household.objects.get(pk=client.household_id or member.household_id)
    for person, role in ((client, client_role), (member, member_role)):
        fields = []
        if person.household_id != household.pk:
            person.household = household
            fields.append("household")
        if role and role != person.household_role:
            person.household_role = role
            fields.append("household_role")
        if fields:
            person.save(update_fields=[*fields, "updated_at"])
            record(actor=actor, action="client.household_linked", obj=person, municipality=client.municipality,
                   client_public_id=person.public_id,
                   details={"household": household.public_id, "fields": fields, "created": created})
    return household


@transaction.atomic
def unlink_household(*, actor, client: Client) -> None:
    """Take the client out of its household. A household left with one member is dissolved."""
    if not client.household_id:
        raise ValidationError(_("Deze cliënt hoort niet bij een huishouden."))
    household = Household.objects.select_for_update().get(pk=client.household_id)
    rest = list(Client.objects.filter(household=household).exclude(pk=client.pk))
    dissolved = len(rest) <= 1
    leaving = [client, *rest] if dissolved else [client]
    for person in leaving:
        person.household = None
        person.household_role = ""
        person.save(update_fields=["household", "household_role", "updated_at"])
        record(actor=actor, action="client.household_unlinked", obj=person, municipality=client.municipality,
               client_public_id=person.public_id,
               details={"household": household.public_id, "dissolved": dissolved})
    if dissolved:
        household.delete()


# --- Duplicate look-ups (read only) ---------------------------------------------------------------------

NAME_SIMILARITY = 0.85


def normalise_name(value: str) -> str:
    """Case, diacritics, spaces, hyphens and other punctuation removed: 'El-Amin' → 'elamin'."""
    decomposed = unicodedata.normalize("NFKD", (value or "").casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def _first_given_name(value: str) -> str:
    tokens = (value or "").split()
    return normalise_name(tokens[0]) if tokens else ""


def names_are_similar(given_a: str, family_a: str, given_b: str, family_b: str) -> bool:
    """Family names equal after normalising or at least 85% alike (difflib ratio), and the first given
    name the same after normalising."""
    first_a, first_b = _first_given_name(given_a), _first_given_name(given_b)
    if not first_a or first_a != first_b:
        return False
    family_a, family_b = normalise_name(family_a), normalise_name(family_b)
    if not family_a or not family_b:
        return False
    return family_a == family_b or SequenceMatcher(None, family_a, family_b).ratio() >= NAME_SIMILARITY


def find_likely_duplicates(municipality, *, given_names: str, family_name: str, birth_date: date,
                           exclude: Client | None = None) -> list[Client]:
    """Clients of the municipality with the same birth date and a similar name (one query)."""
    candidates = Client.objects.filter(municipality=municipality, birth_date=birth_date).select_related(
        "municipality", "team", "klantmanager").order_by("family_name", "given_names", "pk")
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return [c for c in candidates if names_are_similar(given_names, family_name, c.given_names, c.family_name)]


@dataclass(frozen=True)
class IdentifierMatch:
    kind: str
    client: Client

    @property
    def kind_label(self) -> str:
        return IdentifierKind(self.kind).label


def find_clients_by_identifiers(municipality, identifiers: Mapping[str, str]) -> list[IdentifierMatch]:
    """Clients of the municipality that already carry one of these (normalised) numbers (one query)."""
    condition = Q()
    for kind, value in identifiers.items():
        if value:
            condition |= Q(kind=kind, value=value)
    if not condition:
        return []
    rows = (ClientIdentifier.objects.filter(condition, municipality=municipality)
            .select_related("client__municipality", "client__team", "client__klantmanager").order_by("kind"))
    return [IdentifierMatch(kind=row.kind, client=row.client) for row in rows]
