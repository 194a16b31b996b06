"""Use cases that change client records. Each is atomic and writes its audit event in the same transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meedoen.accounts.models import Role
from meedoen.audit.services import record
from meedoen.clients.models import Client, ClientIdentifier, IdentifierKind, Regime, validate_bsn

AUDITED_FIELDS = ("given_names", "family_name", "birth_date", "regime", "target_group", "team", "klantmanager")


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
    bsn: str | None = None,
) -> Client:
    """Register a client. A BSN, when given, must pass the 11-check and be new in the municipality."""
    _check_assignment(municipality, team, klantmanager)
    client = Client(
        municipality=municipality, team=team, klantmanager=klantmanager,
        given_names=given_names.strip(), family_name=family_name.strip(), birth_date=birth_date, regime=regime,
        target_group=target_group,
    )
    client.full_clean()
    if bsn:
        bsn = validate_bsn(bsn)
        if ClientIdentifier.objects.filter(municipality=municipality, kind=IdentifierKind.BSN, value=bsn).exists():
            raise ValidationError({"bsn": _("Er staat al een cliënt met dit BSN ingeschreven.")})
    client.save()
    if bsn:
        ClientIdentifier.objects.create(client=client, municipality=municipality, kind=IdentifierKind.BSN, value=bsn)
    record(
        actor=actor, action="client.created", obj=client, client_public_id=client.public_id,
        details={"with_bsn": bool(bsn), "team": str(team.public_id) if team else None},
    )
    return client


@transaction.atomic
def update_client(*, actor, client: Client, **changes) -> Client:
    """Change name, birth date, regime, target group, team or klantmanager. Audit lists the changed fields, never their values."""
    unknown = set(changes) - set(AUDITED_FIELDS)
    if unknown:
        raise ValueError(f"update_client cannot change {sorted(unknown)}")
    team = changes.get("team", client.team)
    klantmanager = changes.get("klantmanager", client.klantmanager)
    if "team" in changes or "klantmanager" in changes:
        _check_assignment(client.municipality, team, klantmanager)
    changed = [name for name, value in changes.items() if getattr(client, name) != value]
    if not changed:
        return client
    for name in changed:
        setattr(client, name, changes[name])
    client.full_clean()
    client.save(update_fields=[*changed, "updated_at"])
    record(actor=actor, action="client.updated", obj=client, client_public_id=client.public_id,
           details={"fields": sorted(changed)})
    return client
