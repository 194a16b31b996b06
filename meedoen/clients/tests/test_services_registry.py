"""The registry services: identifiers, registry fields, households and the duplicate look-ups."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meedoen.audit.models import AuditEvent
from meedoen.clients import services
from meedoen.clients.models import Client, ClientIdentifier, Household, HouseholdRole, IdentifierKind, Language, Regime
from meedoen.clients.tests.factories import ClientFactory, ClientIdentifierFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"
V_NUMBER = "1234567890"


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def _all_details():
    return " ".join(str(d) for d in AuditEvent.objects.values_list("details", flat=True))


def _create(world, **kwargs):
    values = dict(actor=world.klantmanager, municipality=world.home, given_names="Sara", family_name="Tesfaye",
                  birth_date=dt.date(1995, 1, 2), team=world.team, klantmanager=world.klantmanager)
    values.update(kwargs)
    return services.create_client(**values)


# --- Identifier formats --------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "raw", "expected"), [
    ("v_number", "1234567890", "1234567890"),
    ("v_number", "12.34-56 7", "1234567"),
    ("v_number", "0012", "0012"),
    ("coa_number", "ab-123 45", "AB12345"),
    ("bsn", "1112.22.333", "111222333"),
])
def test_identifiers_are_normalised(kind, raw, expected):
    assert services.clean_identifier(kind, raw) == expected


@pytest.mark.parametrize(("kind", "raw", "message"), [
    ("v_number", "12345678901", "Een V-nummer bestaat uit hoogstens 10 cijfers."),
    ("v_number", "V123456", "Een V-nummer bestaat uit hoogstens 10 cijfers."),
    ("v_number", "", "Een V-nummer bestaat uit hoogstens 10 cijfers."),
    ("v_number", "١٢٣", "Een V-nummer bestaat uit hoogstens 10 cijfers."),  # other digits than 0-9
    ("coa_number", "AB/12", "Een COA-nummer bestaat uit hoogstens 20 letters en cijfers."),
    ("coa_number", "A" * 21, "Een COA-nummer bestaat uit hoogstens 20 letters en cijfers."),
    ("bsn", "123456789", "Dit is geen geldig BSN: de elfproef klopt niet."),
])
def test_bad_identifiers_get_a_clear_message(kind, raw, message):
    with pytest.raises(ValidationError) as exc:
        services.clean_identifier(kind, raw)
    assert exc.value.messages == [message]


@pytest.mark.parametrize(("raw", "expected"), [
    ("8011ab", "8011 AB"), (" 8011 ab ", "8011 AB"), ("8011AB", "8011 AB"), ("801 AB", "801 AB"), ("", ""),
])
def test_postcodes_are_normalised(raw, expected):
    assert services.normalise_postcode(raw) == expected


# --- create_client -------------------------------------------------------------------------------

def test_create_client_with_every_registry_field(world):
    arabic, tigrinya = Language.objects.get(code="ara"), Language.objects.get(code="tir")
    client = _create(
        world, regime=Regime.WI2021, target_group="asielstatushouder", country_of_origin="ER",
        languages=[arabic, tigrinya], phone="06 12345678", email="sara@example.org", street=" Stationsweg ",
        house_number="12a", postcode="8011ab", city="Zwolle", bsn=BSN, v_number="12-34-56", coa_number="x123",
    )
    client.refresh_from_db()
    assert client.street == "Stationsweg"
    assert client.postcode == "8011 AB"
    assert client.country_of_origin.code == "ER"
    assert set(client.languages.all()) == {arabic, tigrinya}
    assert dict(client.identifiers.values_list("kind", "value")) == {
        "bsn": BSN, "v_number": "123456", "coa_number": "X123"}
    [event] = _events("client.created")
    assert event.details["identifiers"] == ["bsn", "coa_number", "v_number"]
    assert event.details["with_bsn"] is True
    for value in (BSN, "123456", "X123", "Stationsweg", "sara@example.org"):
        assert value not in _all_details()


def test_the_target_group_is_dropped_for_the_regime_none(world):
    client = _create(world, regime=Regime.NONE, target_group="asielstatushouder")
    assert client.target_group == ""


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"regime": Regime.WI2021}, "target_group"),
    ({"regime": Regime.WI2013}, "target_group"),
    ({"postcode": "801 AB"}, "postcode"),
    ({"email": "geen-adres"}, "email"),
    ({"phone": "bel me"}, "phone"),
    ({"country_of_origin": "XX"}, "country_of_origin"),
    ({"bsn": "123456789"}, "bsn"),
    ({"v_number": "12345678901"}, "v_number"),
    ({"coa_number": "??"}, "coa_number"),
])
def test_create_client_refuses_bad_input_and_saves_nothing(world, kwargs, field):
    before = (Client.objects.count(), ClientIdentifier.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        _create(world, bsn=BSN, **kwargs) if "bsn" not in kwargs else _create(world, **kwargs)
    assert field in exc.value.message_dict
    assert (Client.objects.count(), ClientIdentifier.objects.count(), AuditEvent.objects.count()) == before


def test_create_client_reports_every_problem_at_once(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, regime=Regime.WI2021, postcode="nee", v_number="abc")
    assert {"target_group", "postcode", "v_number"} <= set(exc.value.message_dict)


def test_a_v_number_already_in_the_municipality_is_refused(world):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    with pytest.raises(ValidationError) as exc:
        _create(world, v_number=V_NUMBER, bsn=BSN)
    assert exc.value.message_dict == {"v_number": ["Er staat al een cliënt met dit V-nummer ingeschreven."]}
    assert not Client.objects.filter(family_name="Tesfaye").exists()
    assert not ClientIdentifier.objects.filter(value=BSN).exists()


def test_the_same_v_number_in_another_municipality_is_allowed(world):
    ClientIdentifierFactory(client=world.foreign_client, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    assert _create(world, v_number=V_NUMBER).identifiers.get().value == V_NUMBER


def test_a_race_on_the_unique_constraint_leaves_nothing_half_saved(world, monkeypatch):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.BSN, value=BSN)
    monkeypatch.setattr(services, "_identifier_taken", lambda *args, **kwargs: False)
    with pytest.raises(ValidationError) as exc:
        _create(world, bsn=BSN)
    assert exc.value.message_dict == {"bsn": ["Er staat al een cliënt met dit BSN ingeschreven."]}
    assert not Client.objects.filter(family_name="Tesfaye").exists()
    assert not _events("client.created")


def test_create_client_refuses_something_that_is_not_a_language(world):
    with pytest.raises(ValidationError):
        _create(world, languages=["ara"])
    assert not Client.objects.filter(family_name="Tesfaye").exists()


# --- update_client -----------------------------------------------------------------------------------

def test_update_client_changes_languages_and_contact_and_audits_names_only(world):
    arabic = Language.objects.get(code="ara")
    services.update_client(actor=world.klantmanager, client=world.client, languages=[arabic],
                           postcode="8011ab", city="Zwolle", email="a@example.org")
    world.client.refresh_from_db()
    assert list(world.client.languages.all()) == [arabic]
    assert world.client.postcode == "8011 AB"
    [event] = _events("client.updated")
    assert event.details == {"fields": ["city", "email", "languages", "postcode"]}
    assert "a@example.org" not in _all_details()


def test_update_client_without_a_change_records_nothing(world):
    arabic = Language.objects.get(code="ara")
    world.client.languages.set([arabic])
    services.update_client(actor=world.klantmanager, client=world.client, languages=[arabic],
                           family_name=world.client.family_name)
    assert not _events("client.updated")


def test_switching_to_the_regime_none_clears_the_target_group(world):
    world.client.regime, world.client.target_group = Regime.WI2021, "gezinsvormer"
    world.client.save()
    services.update_client(actor=world.klantmanager, client=world.client, regime=Regime.NONE,
                           target_group="gezinsvormer")
    world.client.refresh_from_db()
    assert world.client.target_group == ""
    assert _events("client.updated")[0].details == {"fields": ["regime", "target_group"]}


def test_a_refused_update_changes_nothing_and_leaves_the_object_as_it_was(world):
    name = world.client.family_name
    with pytest.raises(ValidationError):
        services.update_client(actor=world.klantmanager, client=world.client, family_name="Anders",
                               regime=Regime.WI2021)
    assert world.client.family_name == name
    world.client.refresh_from_db()
    assert world.client.family_name == name
    assert not _events("client.updated")


def test_a_household_role_needs_a_household(world):
    with pytest.raises(ValidationError) as exc:
        services.update_client(actor=world.klantmanager, client=world.client, household_role=HouseholdRole.CHILD)
    assert "household_role" in exc.value.message_dict


def test_update_client_rejects_unknown_fields(world):
    with pytest.raises(ValueError):
        services.update_client(actor=world.klantmanager, client=world.client, segment=None)


# --- Identifiers on an existing client ---------------------------------------------------------------

def test_adding_changing_and_removing_an_identifier_is_audited_by_kind_only(world):
    identifier = services.add_identifier(actor=world.klantmanager, client=world.client, kind="v_number",
                                         value="12 34 56", verified_on=dt.date(2024, 1, 5))
    assert identifier.value == "123456" and identifier.municipality == world.home
    services.change_identifier(actor=world.klantmanager, client=world.client, identifier=identifier,
                               value="654321", verified_on=None)
    identifier.refresh_from_db()
    assert identifier.value == "654321" and identifier.verified_on is None
    services.remove_identifier(actor=world.klantmanager, client=world.client, identifier=identifier)
    assert not world.client.identifiers.exists()
    added, changed, removed = (_events(f"client.identifier_{what}") for what in ("added", "changed", "removed"))
    assert added[0].details == {"kind": "v_number"}
    assert changed[0].details == {"kind": "v_number", "fields": ["value", "verified_on"]}
    assert removed[0].details == {"kind": "v_number"}
    assert all(e.client_public_id == world.client.public_id for e in [*added, *changed, *removed])
    assert "123456" not in _all_details() and "654321" not in _all_details()


def test_a_client_has_one_identifier_of_each_kind(world):
    services.add_identifier(actor=world.klantmanager, client=world.client, kind="bsn", value=BSN)
    with pytest.raises(ValidationError) as exc:
        services.add_identifier(actor=world.klantmanager, client=world.client, kind="bsn", value="249566758")
    assert "kind" in exc.value.message_dict
    assert world.client.identifiers.count() == 1


def test_an_identifier_is_unique_in_the_municipality(world):
    other = ClientFactory(municipality=world.home, team=world.team)
    ClientIdentifierFactory(client=other, kind=IdentifierKind.BSN, value=BSN)
    with pytest.raises(ValidationError) as exc:
        services.add_identifier(actor=world.klantmanager, client=world.client, kind="bsn", value=BSN)
    assert exc.value.message_dict == {"value": ["Er staat al een cliënt met dit BSN ingeschreven."]}
    mine = services.add_identifier(actor=world.klantmanager, client=world.client, kind="bsn", value="249566758")
    with pytest.raises(ValidationError):
        services.change_identifier(actor=world.klantmanager, client=world.client, identifier=mine, value=BSN)
    mine.refresh_from_db()
    assert mine.value == "249566758"
    # The foreign municipality may hold the same number.
    services.add_identifier(actor=world.foreign_klantmanager, client=world.foreign_client, kind="bsn", value=BSN)


@pytest.mark.parametrize(("kind", "value", "field"), [
    ("bsn", "123456789", "value"), ("v_number", "12345678901", "value"), ("passport", "X1", "kind"),
])
def test_a_bad_identifier_is_refused_with_nothing_saved(world, kind, value, field):
    with pytest.raises(ValidationError) as exc:
        services.add_identifier(actor=world.klantmanager, client=world.client, kind=kind, value=value)
    assert field in exc.value.message_dict
    assert not ClientIdentifier.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_verification_date_cannot_lie_in_the_future(world):
    with pytest.raises(ValidationError) as exc:
        services.add_identifier(actor=world.klantmanager, client=world.client, kind="bsn", value=BSN,
                                verified_on=dt.date.today() + dt.timedelta(days=2))
    assert "verified_on" in exc.value.message_dict


def test_identifier_services_refuse_another_clients_identifier(world):
    identifier = ClientIdentifierFactory(client=world.foreign_client)
    with pytest.raises(ValueError):
        services.change_identifier(actor=world.klantmanager, client=world.client, identifier=identifier, value=BSN)
    with pytest.raises(ValueError):
        services.remove_identifier(actor=world.klantmanager, client=world.client, identifier=identifier)
    assert ClientIdentifier.objects.filter(pk=identifier.pk).exists()


# --- Household -----------------------------------------------------------------------------------------

def _member(world, **kwargs):
    return ClientFactory(municipality=world.home, team=world.team, **kwargs)


def test_linking_two_single_clients_creates_a_household(world):
    partner = _member(world)
    household = services.link_household(actor=world.klantmanager, client=world.client, member=partner,
                                        client_role=HouseholdRole.REFERENT, member_role=HouseholdRole.PARTNER)
    world.client.refresh_from_db()
    partner.refresh_from_db()
    assert world.client.household == partner.household == household
    assert household.municipality == world.home
    assert (world.client.household_role, partner.household_role) == ("referent", "partner")
    events = _events("client.household_linked")
    assert {e.client_public_id for e in events} == {world.client.public_id, partner.public_id}
    assert events[0].details == {"household": str(household.public_id), "fields": ["household", "household_role"],
                                 "created": True}


def test_a_client_joins_the_household_of_the_member(world):
    partner, child = _member(world), _member(world)
    household = services.link_household(actor=world.klantmanager, client=world.client, member=partner)
    assert services.link_household(actor=world.klantmanager, client=child, member=world.client,
                                   client_role=HouseholdRole.CHILD) == household
    assert set(household.members.all()) == {world.client, partner, child}
    assert Household.objects.count() == 1
    # Linking again only changes a role.
    services.link_household(actor=world.klantmanager, client=child, member=partner, member_role="partner")
    assert _events("client.household_linked")[-1].details["fields"] == ["household_role"]


def test_two_different_households_are_not_merged(world):
    a, b, c = _member(world), _member(world), _member(world)
    services.link_household(actor=world.klantmanager, client=world.client, member=a)
    services.link_household(actor=world.klantmanager, client=b, member=c)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.link_household(actor=world.klantmanager, client=world.client, member=b)
    assert "verschillende huishoudens" in exc.value.messages[0]
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("case", ["self", "other_municipality", "bad_role"])
def test_impossible_links_are_refused(world, case):
    kwargs = {"client": world.client, "member": _member(world)}
    if case == "self":
        kwargs["member"] = world.client
    elif case == "other_municipality":
        kwargs["member"] = world.foreign_client
    else:
        kwargs["client_role"] = "grootouder"
    with pytest.raises(ValidationError):
        services.link_household(actor=world.klantmanager, **kwargs)
    assert not Household.objects.exists()
    assert not AuditEvent.objects.exists()


def test_leaving_a_household_of_three_keeps_it_for_the_others(world):
    a, b = _member(world), _member(world)
    household = services.link_household(actor=world.klantmanager, client=world.client, member=a)
    services.link_household(actor=world.klantmanager, client=b, member=a, client_role="child")
    services.unlink_household(actor=world.klantmanager, client=b)
    b.refresh_from_db()
    assert b.household is None and b.household_role == ""
    assert set(household.members.all()) == {world.client, a}
    [event] = _events("client.household_unlinked")
    assert event.details == {"household": str(household.public_id), "dissolved": False}


def test_leaving_a_household_of_two_dissolves_it(world):
    partner = _member(world)
    services.link_household(actor=world.klantmanager, client=world.client, member=partner)
    services.unlink_household(actor=world.klantmanager, client=world.client)
    partner.refresh_from_db()
    assert partner.household is None
    assert not Household.objects.exists()
    assert {e.client_public_id for e in _events("client.household_unlinked")} == {
        world.client.public_id, partner.public_id}


def test_unlinking_a_client_without_a_household_is_refused(world):
    with pytest.raises(ValidationError):
        services.unlink_household(actor=world.klantmanager, client=world.client)


# --- Duplicate look-ups ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "similar"), [
    (("Abdi", "Mohamed"), ("Abdi", "Mohammed"), True),
    (("Abdi", "El-Amin"), ("Abdi", "El Amin"), True),
    (("Abdi", "el amin"), ("ABDI", "ElAmin"), True),
    (("Hélène", "Müller"), ("Helene", "Muller"), True),
    (("Abdi Yusuf", "Mohamed"), ("Abdi", "Mohamed"), True),
    (("Abdi", "Mohamed"), ("Yusuf", "Mohamed"), False),
    (("Abdi", "Mohamed"), ("Abdi", "Haddad"), False),
    (("Abdi", "Ali"), ("Abdi", "Aly"), False),  # short names: one letter is too much (ratio 0.67)
    (("Abdi", ""), ("Abdi", ""), False),
])
def test_names_are_similar(a, b, similar):
    assert services.names_are_similar(*a, *b) is similar


def test_normalise_name():
    assert services.normalise_name(" El-Amin ") == "elamin"
    assert services.normalise_name("D'Souza-Ñúñez") == "dsouzanunez"


def test_find_likely_duplicates_looks_in_the_municipality_on_the_birth_date(world, django_assert_num_queries):
    born = dt.date(1990, 5, 17)
    match = ClientFactory(municipality=world.home, team=world.other_team, given_names="Abdi", family_name="Mohamed",
                          birth_date=born)
    ClientFactory(municipality=world.home, given_names="Abdi", family_name="Mohamed", birth_date=dt.date(1990, 5, 18))
    ClientFactory(municipality=world.other, given_names="Abdi", family_name="Mohamed", birth_date=born)
    ClientFactory(municipality=world.home, given_names="Yusuf", family_name="Mohamed", birth_date=born)
    with django_assert_num_queries(1):
        found = services.find_likely_duplicates(world.home, given_names="abdi", family_name="Mohammed",
                                                birth_date=born)
        assert [(c, c.team.name) for c in found] == [(match, world.other_team.name)]
    assert services.find_likely_duplicates(world.home, given_names="Abdi", family_name="Mohamed", birth_date=born,
                                           exclude=match) == []


def test_find_clients_by_identifiers_in_one_query(world, django_assert_num_queries):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.BSN, value=BSN)
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    ClientIdentifierFactory(client=world.foreign_client, kind=IdentifierKind.COA_NUMBER, value="A1")
    with django_assert_num_queries(1):
        found = services.find_clients_by_identifiers(world.home, {"bsn": BSN, "v_number": V_NUMBER, "coa_number": "A1"})
        assert [(m.kind, m.client, m.client.team) for m in found] == [
            ("bsn", world.client, world.team), ("v_number", world.client, world.team)]
    assert services.find_clients_by_identifiers(world.home, {"bsn": "", "v_number": None}) == []
    assert found[1].kind_label == "V-nummer"
