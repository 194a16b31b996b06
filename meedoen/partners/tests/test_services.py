import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from meedoen.accounts.tests.factories import PartnerOrganisationFactory
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Language
from meedoen.partners import services
from meedoen.partners.models import ActivityType, Covenant, DataFlowBasis, LegalBasis, Offer, PartnerContact
from meedoen.partners.tests.factories import CovenantFactory, DataFlowBasisFactory, OfferFactory

pytestmark = pytest.mark.django_db

OFFER = {"name": "Taalklas B1", "activity_type": ActivityType.LANGUAGE_COURSE, "hours_per_week": Decimal("12"),
         "duration_weeks": 40, "location": "Zwolle", "capacity": 15, "price": Decimal("2400.00"), "active": True}


def test_create_covenant_records_audit_with_field_names_only(world):
    covenant = services.create_covenant(actor=world.beheerder, municipality=world.home, partner=world.partner, data={
        "start": dt.date(2025, 1, 1), "end": dt.date(2026, 12, 31), "delivers": "Taalles", "signed_on":
        dt.date(2024, 12, 1)})
    assert covenant.municipality == world.home
    event = AuditEvent.objects.get(action="partners.covenant_created")
    assert event.object_public_id == covenant.public_id
    assert event.details["fields"] == ["start", "end", "delivers", "signed_on"]
    assert "Taalles" not in str(event.details)
    assert event.actor_role == "functioneel_beheerder"


def test_covenant_end_before_start_is_refused_and_nothing_saved(world):
    with pytest.raises(ValidationError) as exc:
        services.create_covenant(actor=world.beheerder, municipality=world.home, partner=world.partner, data={
            "start": dt.date(2025, 1, 1), "end": dt.date(2024, 1, 1), "delivers": "x", "signed_on":
            dt.date(2024, 12, 1)})
    assert "De einddatum ligt vóór de ingangsdatum." in exc.value.messages
    assert not Covenant.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="partners.").exists()


def test_partner_of_another_municipality_is_refused(world):
    foreign_partner = PartnerOrganisationFactory(municipality=world.other)
    with pytest.raises(ValidationError, match="andere gemeente"):
        services.create_contact(actor=world.beheerder, municipality=world.home, partner=foreign_partner,
                                data={"name": "Jan", "function": "", "phone": "", "email": ""})
    assert not PartnerContact.objects.exists()


def test_update_covenant_audits_changed_fields_only(world):
    covenant = CovenantFactory(partner=world.partner)
    services.update_covenant(actor=world.beheerder, municipality=world.home, covenant=covenant, data={
        "start": covenant.start, "end": dt.date(2027, 1, 1), "delivers": covenant.delivers,
        "signed_on": covenant.signed_on})
    covenant.refresh_from_db()
    assert covenant.end == dt.date(2027, 1, 1)
    assert AuditEvent.objects.get(action="partners.covenant_updated").details["fields"] == ["end"]


def test_update_without_changes_records_nothing(world):
    covenant = CovenantFactory(partner=world.partner)
    services.update_covenant(actor=world.beheerder, municipality=world.home, covenant=covenant, data={
        "start": covenant.start, "end": None, "delivers": covenant.delivers, "signed_on": covenant.signed_on})
    assert not AuditEvent.objects.filter(action="partners.covenant_updated").exists()


def test_basis_until_before_from_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.create_basis(actor=world.beheerder, municipality=world.home, partner=world.partner, data={
            "basis": LegalBasis.CONSENT, "shared_data": "Naam", "valid_from": dt.date(2025, 1, 1),
            "valid_until": dt.date(2024, 1, 1), "document_reference": ""})
    assert "valid_until" in exc.value.error_dict
    assert not DataFlowBasis.objects.exists()


def test_create_basis(world):
    basis = services.create_basis(actor=world.beheerder, municipality=world.home, partner=world.partner, data={
        "basis": LegalBasis.LEGAL_TASK, "shared_data": "Naam en leerroute", "valid_from": dt.date(2025, 1, 1),
        "valid_until": None, "document_reference": "VWO-2025-01"})
    assert basis.is_valid_on(dt.date(2030, 1, 1))
    assert AuditEvent.objects.filter(action="partners.basis_created", object_public_id=basis.public_id).exists()


def test_create_offer_with_languages(world):
    arabic, dutch = Language.objects.get(code="ara"), Language.objects.get(code="nld")
    offer = services.create_offer(actor=world.beheerder, municipality=world.home, partner=world.partner,
                                  data={**OFFER, "languages": [arabic, dutch]})
    assert set(offer.languages.all()) == {arabic, dutch}
    assert "languages" in AuditEvent.objects.get(action="partners.offer_created").details["fields"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("hours_per_week", Decimal("41"), "Een activiteit duurt hoogstens 40 uur per week."),
    ("price", Decimal("-1"), "De prijs kan niet negatief zijn."),
])
def test_offer_bad_numbers_are_refused(world, field, value, message):
    with pytest.raises(ValidationError) as exc:
        services.create_offer(actor=world.beheerder, municipality=world.home, partner=world.partner,
                              data={**OFFER, field: value, "languages": []})
    assert message in exc.value.message_dict[field]
    assert not Offer.objects.exists()


def test_update_offer_languages_only(world):
    offer = OfferFactory(partner=world.partner)
    arabic = Language.objects.get(code="ara")
    data = {f: getattr(offer, f) for f in services.OFFER_FIELDS}
    services.update_offer(actor=world.beheerder, municipality=world.home, offer=offer,
                          data={**data, "languages": [arabic]})
    assert list(offer.languages.all()) == [arabic]
    assert AuditEvent.objects.get(action="partners.offer_updated").details["fields"] == ["languages"]


def test_update_of_other_municipality_row_is_refused(world):
    foreign_offer = OfferFactory(partner=PartnerOrganisationFactory(municipality=world.other))
    with pytest.raises(ValidationError):
        services.update_offer(actor=world.beheerder, municipality=world.home, offer=foreign_offer,
                              data={"name": "Nieuw"})


def test_partner_overview_counts(world):
    CovenantFactory(partner=world.partner, start=dt.date(2000, 1, 1))
    OfferFactory.create_batch(2, partner=world.partner)
    DataFlowBasisFactory(partner=world.partner)
    empty = PartnerOrganisationFactory(municipality=world.home, name="Zonder alles")
    expired = PartnerOrganisationFactory(municipality=world.home, name="Verlopen")
    CovenantFactory(partner=expired, start=dt.date(2000, 1, 1), end=dt.date(2001, 1, 1))
    rows = {p.name: p for p in services.partner_overview([world.home.pk])}
    assert (rows[world.partner.name].has_current_covenant, rows[world.partner.name].offer_count,
            rows[world.partner.name].basis_count) == (True, 2, 1)
    assert (rows[empty.name].has_any_covenant, rows[empty.name].offer_count) == (False, 0)
    assert (rows[expired.name].has_any_covenant, rows[expired.name].has_current_covenant) == (True, False)
