import datetime as dt

import pytest
from django.urls import reverse

from meedoen.accounts.tests.factories import PartnerOrganisationFactory
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Language
from meedoen.partners.models import ActivityType, Covenant, Offer
from meedoen.partners.tests.factories import (
    CovenantFactory,
    DataFlowBasisFactory,
    OfferFactory,
    PartnerContactFactory,
)

pytestmark = pytest.mark.django_db

NON_BEHEER = ["klantmanager", "teamleider", "beleidsmedewerker", "partnermedewerker"]


def _offer_post(**overrides):
    data = {"name": "Taalklas A2", "activity_type": ActivityType.LANGUAGE_COURSE, "hours_per_week": "12",
            "duration_weeks": "30", "location": "Zwolle-Zuid", "capacity": "14", "price": "1800.00",
            "active": "on"}
    data.update(overrides)
    return data


# --- who gets in --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", NON_BEHEER)
def test_partner_pages_are_for_the_beheerder_only(world, login, persona):
    http = login(getattr(world, persona))
    assert http.get(reverse("partners:list")).status_code == 403
    assert http.get(reverse("partners:detail", args=[world.partner.public_id])).status_code == 403
    assert http.get(reverse("partners:offer_add", args=[world.partner.public_id])).status_code == 403
    assert http.post(reverse("partners:offer_add", args=[world.partner.public_id]),
                     _offer_post()).status_code == 403
    assert not Offer.objects.exists()


def test_anonymous_is_sent_to_login(client, world):
    for url in (reverse("partners:list"), reverse("partners:catalogue"),
                reverse("partners:detail", args=[world.partner.public_id])):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_partner_of_another_municipality_is_404(world, login):
    foreign = PartnerOrganisationFactory(municipality=world.other)
    foreign_offer = OfferFactory(partner=foreign)
    http = login(world.beheerder)
    assert http.get(reverse("partners:detail", args=[foreign.public_id])).status_code == 404
    assert http.get(reverse("partners:covenant_add", args=[foreign.public_id])).status_code == 404
    assert http.post(reverse("partners:offer_edit", args=[foreign.public_id, foreign_offer.public_id]),
                     _offer_post()).status_code == 404
    # A row of another partner through the own partner's URL is 404 too.
    assert http.get(reverse("partners:offer_edit", args=[world.partner.public_id, foreign_offer.public_id])
                    ).status_code == 404
    foreign_offer.refresh_from_db()
    assert foreign_offer.name != "Taalklas A2"


@pytest.mark.parametrize("persona", ["beleidsmedewerker", "partnermedewerker"])
def test_catalogue_is_closed_to_other_roles(world, login, persona):
    assert login(getattr(world, persona)).get(reverse("partners:catalogue")).status_code == 403


# --- list and detail ----------------------------------------------------------------------------------------

def test_list_shows_own_partners_with_status_in_fixed_queries(world, login, django_assert_num_queries):
    CovenantFactory(partner=world.partner, start=dt.date(2000, 1, 1))
    OfferFactory.create_batch(3, partner=world.partner)
    DataFlowBasisFactory(partner=world.partner)
    PartnerOrganisationFactory(municipality=world.other, name="Buitengemeentelijk")
    http = login(world.beheerder)
    http.get(reverse("partners:list"))  # warm up session and caches
    # session, user, two OTP device lookups, memberships, the partner overview (one query), session save
    with django_assert_num_queries(7):
        http.get(reverse("partners:list"))
    for n in range(5):
        partner = PartnerOrganisationFactory(municipality=world.home, name=f"Extra {n}")
        OfferFactory(partner=partner)
        CovenantFactory(partner=partner)
    with django_assert_num_queries(7):
        response = http.get(reverse("partners:list"))
    content = response.content.decode()
    assert world.partner.name in content
    assert "Buitengemeentelijk" not in content
    assert "lopend" in content


def test_detail_shows_everything(world, login, django_assert_max_num_queries):
    CovenantFactory(partner=world.partner, delivers="Taallessen B1")
    PartnerContactFactory(partner=world.partner, name="Fatima de Vries")
    DataFlowBasisFactory(partner=world.partner, document_reference="VWO-2024-7")
    OfferFactory(partner=world.partner, name="Taalcafé").languages.add(Language.objects.get(code="ara"))
    http = login(world.beheerder)
    # request overhead (5), partner, covenants, contacts, bases, offers, languages, session save (3)
    with django_assert_max_num_queries(14):
        content = http.get(reverse("partners:detail", args=[world.partner.public_id])).content.decode()
    for text in ("Taallessen B1", "Fatima de Vries", "VWO-2024-7", "Taalcafé", "Verwerkersovereenkomst"):
        assert text in content


# --- forms --------------------------------------------------------------------------------------------------

def test_add_covenant(world, login):
    http = login(world.beheerder)
    url = reverse("partners:covenant_add", args=[world.partner.public_id])
    assert http.get(url).status_code == 200
    response = http.post(url, {"start": "2025-01-01", "end": "", "delivers": "KNM", "signed_on": "2024-12-01"})
    assert response.status_code == 302
    covenant = Covenant.objects.get()
    assert (covenant.partner, covenant.municipality, covenant.end) == (world.partner, world.home, None)
    assert AuditEvent.objects.filter(action="partners.covenant_created", actor=world.beheerder).exists()


def test_covenant_end_before_start_shows_message(world, login):
    http = login(world.beheerder)
    response = http.post(reverse("partners:covenant_add", args=[world.partner.public_id]),
                         {"start": "2025-01-01", "end": "2024-01-01", "delivers": "KNM", "signed_on": "2024-12-01"})
    assert response.status_code == 200
    assert "De einddatum ligt vóór de ingangsdatum." in response.content.decode()
    assert not Covenant.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="partners.").exists()


def test_edit_contact(world, login):
    contact = PartnerContactFactory(partner=world.partner, name="Jan")
    http = login(world.beheerder)
    url = reverse("partners:contact_edit", args=[world.partner.public_id, contact.public_id])
    assert "Jan" in http.get(url).content.decode()
    response = http.post(url, {"name": "Jan Jansen", "function": "Docent", "phone": "038-1234567",
                               "email": "jan@example.org"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Jan Jansen"
    event = AuditEvent.objects.get(action="partners.contact_updated")
    assert event.details["fields"] == ["name", "function", "phone", "email"]
    assert "jan@example.org" not in str(event.details)


def test_add_basis(world, login):
    http = login(world.beheerder)
    response = http.post(reverse("partners:basis_add", args=[world.partner.public_id]), {
        "basis": "consent", "shared_data": "Naam en aanwezigheid", "valid_from": "2025-01-01",
        "valid_until": "", "document_reference": ""})
    assert response.status_code == 302
    assert world.partner.data_flow_bases.get().basis == "consent"
    assert AuditEvent.objects.filter(action="partners.basis_created").count() == 1


def test_add_offer(world, login):
    arabic = Language.objects.get(code="ara")
    http = login(world.beheerder)
    response = http.post(reverse("partners:offer_add", args=[world.partner.public_id]),
                         _offer_post(languages=[arabic.pk]))
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert list(offer.languages.all()) == [arabic]
    assert offer.municipality == world.home
    assert AuditEvent.objects.filter(action="partners.offer_created", object_public_id=offer.public_id).exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("hours_per_week", "41", "Een activiteit duurt hoogstens 40 uur per week."),
    ("price", "-5", "De prijs kan niet negatief zijn."),
])
def test_offer_bad_input_shows_message(world, login, field, value, message):
    http = login(world.beheerder)
    response = http.post(reverse("partners:offer_add", args=[world.partner.public_id]), _offer_post(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Offer.objects.exists()


def test_duplicate_offer_name_shows_message(world, login):
    OfferFactory(partner=world.partner, name="Taalklas A2")
    http = login(world.beheerder)
    assert http.get(reverse("partners:offer_add", args=[world.partner.public_id])).status_code == 200
    response = http.post(reverse("partners:offer_add", args=[world.partner.public_id]), _offer_post())
    assert response.status_code == 200
    assert "Deze partner heeft al aanbod met deze naam." in response.content.decode()
    assert Offer.objects.count() == 1


# --- catalogue ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["klantmanager", "teamleider", "beheerder"])
def test_catalogue_shows_active_offers_of_own_municipality(world, login, persona):
    OfferFactory(partner=world.partner, name="Actieve taalklas")
    OfferFactory(partner=world.partner, name="Oude taalklas", active=False)
    OfferFactory(partner=PartnerOrganisationFactory(municipality=world.other), name="Elders")
    content = login(getattr(world, persona)).get(reverse("partners:catalogue")).content.decode()
    assert "Actieve taalklas" in content
    assert "Oude taalklas" not in content
    assert "Elders" not in content


def test_catalogue_filter_by_activity_type(world, login):
    OfferFactory(partner=world.partner, name="Taalklas", activity_type=ActivityType.LANGUAGE_COURSE)
    OfferFactory(partner=world.partner, name="Schuldhulpmaatje", activity_type=ActivityType.DEBT_ASSISTANCE)
    http = login(world.klantmanager)
    content = http.get(reverse("partners:catalogue"), {"activity_type": "debt_assistance"}).content.decode()
    assert "Schuldhulpmaatje" in content and "Taalklas" not in content
    content = http.get(reverse("partners:catalogue"), {"activity_type": "bestaat-niet"}).content.decode()
    assert "Schuldhulpmaatje" in content and "Taalklas" in content


def test_catalogue_query_count_does_not_grow(world, login, django_assert_num_queries):
    arabic = Language.objects.get(code="ara")
    OfferFactory(partner=world.partner).languages.add(arabic)
    http = login(world.klantmanager)
    http.get(reverse("partners:catalogue"))
    # request overhead (5), offers with partners, their languages, session save
    with django_assert_num_queries(8):
        http.get(reverse("partners:catalogue"))
    for _ in range(8):
        partner = PartnerOrganisationFactory(municipality=world.home)
        OfferFactory(partner=partner).languages.add(arabic)
    with django_assert_num_queries(8):
        response = http.get(reverse("partners:catalogue"))
    assert response.content.decode().count("Aanbod ") >= 9
