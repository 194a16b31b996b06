import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.audit.models import AuditEvent
from meedoen.work.models import (
    Certificate,
    CooperationAgreement,
    Employer,
    EmployerContact,
    PlaceKind,
    Sector,
    Vacancy,
    VacancyStatus,
    WorkSettings,
)
from meedoen.work.services import employers as services
from meedoen.work.tests.factories import (
    CooperationAgreementFactory,
    EmployerFactory,
    PlacementFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db


def _employer_data(**overrides):
    data = {"name": "Transportbedrijf IJsseldelta", "kvk_number": "12345678", "sector": Sector.LOGISTICS,
            "city": "Zwolle", "notes": "", "active": True}
    data.update(overrides)
    return data


def _vacancy_data(**overrides):
    data = {"title": "Orderpicker dagdienst", "occupation": "Orderpicker", "sector": Sector.LOGISTICS,
            "kind": PlaceKind.PAID_JOB, "hours_per_week": 32, "location": "Zwolle",
            "start": timezone.localdate() + dt.timedelta(days=30), "duration_weeks": 26, "capacity": 2,
            "description": "", "required_reading": "a2", "required_listening": "", "required_writing": "",
            "required_speaking": "b1", "language_reason": "Klantcontact en veiligheidsinstructies",
            "requires_driving_licence": False}
    data.update(overrides)
    return data


def _errors(exc) -> dict:
    return exc.value.message_dict


# --- Employers ------------------------------------------------------------------------------------------------

def test_create_employer_records_audit_without_name_or_kvk(world):
    employer = services.create_employer(actor=world.klantmanager, municipality=world.home, data=_employer_data())
    assert (employer.municipality, employer.created_by, employer.kvk_number) == (world.home, world.klantmanager,
                                                                                 "12345678")
    event = AuditEvent.objects.get(action="work.employer_created")
    assert event.object_public_id == employer.public_id
    assert event.actor_role == "klantmanager"
    assert "12345678" not in str(event.details)
    assert "IJsseldelta" not in str(event.details)


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "abcdefgh", "１２３４５６７８"])
def test_kvk_must_be_eight_digits(world, kvk):
    with pytest.raises(ValidationError) as exc:
        services.create_employer(actor=world.klantmanager, municipality=world.home,
                                 data=_employer_data(kvk_number=kvk))
    assert _errors(exc)["kvk_number"] == ["Een KvK-nummer bestaat uit precies 8 cijfers, zoals 12345678."]
    assert not Employer.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="work.").exists()


def test_empty_kvk_is_asked_for(world):
    with pytest.raises(ValidationError) as exc:
        services.create_employer(actor=world.klantmanager, municipality=world.home, data=_employer_data(kvk_number=""))
    assert _errors(exc)["kvk_number"] == ["Vul het KvK-nummer in."]


def test_kvk_with_spaces_is_normalised(world):
    employer = services.create_employer(actor=world.klantmanager, municipality=world.home,
                                        data=_employer_data(kvk_number=" 12 34 56 78 "))
    assert employer.kvk_number == "12345678"


def test_kvk_is_unique_per_municipality(world):
    EmployerFactory(municipality=world.home, kvk_number="12345678", name="Bestaande B.V.")
    with pytest.raises(ValidationError) as exc:
        services.create_employer(actor=world.klantmanager, municipality=world.home, data=_employer_data())
    assert _errors(exc)["kvk_number"] == ["Er is al een werkgever met dit KvK-nummer: Bestaande B.V.."]
    # Another municipality may register the same employer.
    services.create_employer(actor=world.foreign_klantmanager, municipality=world.other, data=_employer_data())
    assert Employer.objects.filter(kvk_number="12345678").count() == 2


def test_update_employer_keeps_own_kvk_and_refuses_a_colleagues(world):
    EmployerFactory(municipality=world.home, kvk_number="87654321")
    employer = EmployerFactory(municipality=world.home, kvk_number="12345678")
    services.update_employer(actor=world.klantmanager, employer=employer,
                             data=_employer_data(name="Nieuwe naam"))
    employer.refresh_from_db()
    assert employer.name == "Nieuwe naam"
    event = AuditEvent.objects.get(action="work.employer_updated")
    assert event.details["fields"] == ["name"]
    with pytest.raises(ValidationError) as exc:
        services.update_employer(actor=world.klantmanager, employer=employer,
                                 data=_employer_data(kvk_number="87654321"))
    assert "kvk_number" in _errors(exc)
    employer.refresh_from_db()
    assert employer.kvk_number == "12345678"


def test_update_without_changes_records_nothing(world):
    employer = services.create_employer(actor=world.klantmanager, municipality=world.home, data=_employer_data())
    services.update_employer(actor=world.klantmanager, employer=employer, data=_employer_data())
    assert not AuditEvent.objects.filter(action="work.employer_updated").exists()


# --- Contacts -------------------------------------------------------------------------------------------------

def test_contacts_are_created_and_updated_with_audit(world):
    employer = EmployerFactory(municipality=world.home)
    contact = services.create_contact(actor=world.teamleider, municipality=world.home, employer=employer,
                                      data={"name": "Anouk Visser", "function": "HR", "phone": "038-1234567",
                                            "email": "anouk@example.nl"})
    assert contact.municipality == world.home
    services.update_contact(actor=world.teamleider, contact=contact,
                            data={"name": "Anouk Visser", "function": "Bedrijfsleider", "phone": "038-1234567",
                                  "email": "anouk@example.nl"})
    event = AuditEvent.objects.get(action="work.employer_contact_updated")
    assert event.details == {"employer": str(employer.public_id), "fields": ["function"]}
    assert "Anouk" not in str(AuditEvent.objects.filter(action__startswith="work.").values_list("details"))


def test_contact_needs_a_name_and_a_valid_email(world):
    employer = EmployerFactory(municipality=world.home)
    with pytest.raises(ValidationError) as exc:
        services.create_contact(actor=world.klantmanager, municipality=world.home, employer=employer,
                                data={"name": " ", "function": "", "phone": "", "email": "geen-adres"})
    assert set(_errors(exc)) == {"name", "email"}
    assert not EmployerContact.objects.exists()


def test_contact_at_employer_of_other_municipality_is_refused(world):
    foreign = EmployerFactory(municipality=world.other)
    with pytest.raises(ValidationError, match="andere gemeente"):
        services.create_contact(actor=world.klantmanager, municipality=world.home, employer=foreign,
                                data={"name": "Jan"})


# --- Agreements -----------------------------------------------------------------------------------------------

AGREEMENT = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31), "committed_jobs": 3,
             "committed_work_experience": 5, "committed_other": "", "municipality_offers": "Jobcoaching",
             "signed_on": dt.date(2025, 12, 15)}


def test_create_agreement_with_audit_of_numbers_and_dates(world):
    employer = EmployerFactory(municipality=world.home)
    agreement = services.create_agreement(actor=world.klantmanager, municipality=world.home, employer=employer,
                                          data=AGREEMENT)
    event = AuditEvent.objects.get(action="work.agreement_created")
    assert event.object_public_id == agreement.public_id
    assert event.details["committed_jobs"] == 3
    assert event.details["start"] == "2026-01-01"
    assert "Jobcoaching" not in str(event.details)


def test_agreement_end_before_start_is_refused(world):
    employer = EmployerFactory(municipality=world.home)
    with pytest.raises(ValidationError) as exc:
        services.create_agreement(actor=world.klantmanager, municipality=world.home, employer=employer,
                                  data={**AGREEMENT, "end": dt.date(2025, 12, 31)})
    assert _errors(exc)["end"] == ["De einddatum ligt vóór de ingangsdatum."]
    assert not CooperationAgreement.objects.exists()
    agreement = CooperationAgreementFactory(employer=employer)
    with pytest.raises(ValidationError):
        services.update_agreement(actor=world.klantmanager, agreement=agreement,
                                  data={"end": agreement.start - dt.timedelta(days=1)})
    agreement.refresh_from_db()
    assert agreement.end >= agreement.start
    # One day is a valid period.
    services.update_agreement(actor=world.klantmanager, agreement=agreement, data={"end": agreement.start})
    assert AuditEvent.objects.get(action="work.agreement_updated").details["fields"] == ["end"]


def test_delivered_counts_placements_started_within_the_period_by_kind(world):
    employer = EmployerFactory(municipality=world.home)
    other_employer = EmployerFactory(municipality=world.home)
    agreement = CooperationAgreementFactory(employer=employer, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30),
                                            committed_jobs=3, committed_work_experience=2)
    inside = [dt.date(2026, 1, 1), dt.date(2026, 3, 15), dt.date(2026, 6, 30)]  # both ends count
    for day in inside:
        PlacementFactory(employer=employer, kind=PlaceKind.PAID_JOB, start=day)
    PlacementFactory(employer=employer, kind=PlaceKind.WORK_EXPERIENCE, start=dt.date(2026, 2, 1))
    PlacementFactory(employer=employer, kind=PlaceKind.MAP_PRACTICAL, start=dt.date(2026, 4, 1))
    PlacementFactory(employer=employer, kind=PlaceKind.VOLUNTEER, start=dt.date(2026, 4, 1))  # counts for neither
    PlacementFactory(employer=employer, kind=PlaceKind.PAID_JOB, start=dt.date(2025, 12, 31))  # before
    PlacementFactory(employer=employer, kind=PlaceKind.WORK_EXPERIENCE, start=dt.date(2026, 7, 1))  # after
    PlacementFactory(employer=other_employer, kind=PlaceKind.PAID_JOB, start=dt.date(2026, 3, 1))  # elsewhere

    # Hand count: paid jobs 3 (Jan 1, Mar 15, Jun 30); work-experience places 2 (Feb 1, Apr 1 MAP).
    delivery = services.delivered(agreement)
    assert (delivery.jobs.committed, delivery.jobs.delivered) == (3, 3)
    assert (delivery.work_experience.committed, delivery.work_experience.delivered) == (2, 2)
    assert delivery.jobs.met and delivery.jobs.missing == 0

    empty = CooperationAgreementFactory(employer=other_employer, start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31),
                                        committed_jobs=4, committed_work_experience=0)
    nothing = services.delivered(empty)
    assert (nothing.jobs.delivered, nothing.jobs.missing, nothing.jobs.met) == (0, 4, False)
    assert nothing.work_experience.met


def test_delivered_for_many_agreements_in_one_query(world, django_assert_num_queries):
    agreements = []
    for n in range(6):
        employer = EmployerFactory(municipality=world.home)
        agreements.append(CooperationAgreementFactory(employer=employer))
        for _i in range(n):
            PlacementFactory(employer=employer, kind=PlaceKind.PAID_JOB, start=dt.date(2026, 5, 1))
        PlacementFactory(employer=employer, kind=PlaceKind.WORK_EXPERIENCE, start=dt.date(2026, 5, 1))
    with django_assert_num_queries(1):
        result = services.delivered_for(agreements)
    assert [result[a.pk].jobs.delivered for a in agreements] == [0, 1, 2, 3, 4, 5]
    assert {result[a.pk].work_experience.delivered for a in agreements} == {1}
    for agreement in agreements:
        assert services.delivered(agreement) == result[agreement.pk]
    with django_assert_num_queries(0):
        assert services.delivered_for([]) == {}


def test_current_agreement_prefers_the_running_one(world):
    employer = EmployerFactory(municipality=world.home)
    today = dt.date(2026, 6, 1)
    CooperationAgreementFactory(employer=employer, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    running = CooperationAgreementFactory(employer=employer, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    CooperationAgreementFactory(employer=employer, start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31))
    only_past = EmployerFactory(municipality=world.home)
    past = CooperationAgreementFactory(employer=only_past, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    chosen = services.current_agreements([employer.pk, only_past.pk], on=today)
    assert chosen[employer.pk] == running
    assert chosen[only_past.pk] == past


# --- Vacancies ------------------------------------------------------------------------------------------------

def test_create_vacancy_with_certificates_and_audit(world):
    employer = EmployerFactory(municipality=world.home)
    certificates = list(Certificate.objects.filter(name__in=["VCA Basis", "Heftruckcertificaat"]))
    vacancy = services.create_vacancy(actor=world.klantmanager, municipality=world.home, employer=employer,
                                      data={**_vacancy_data(), "certificates": certificates})
    assert set(vacancy.certificates.all()) == set(certificates)
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.required_levels() == {"reading": "a2", "speaking": "b1"}
    event = AuditEvent.objects.get(action="work.vacancy_created")
    assert event.details["certificates"] == sorted(c.pk for c in certificates)
    assert "Orderpicker" not in str(event.details)


def test_vacancy_without_sector_takes_the_employers(world):
    employer = EmployerFactory(municipality=world.home, sector=Sector.CARE)
    vacancy = services.create_vacancy(actor=world.klantmanager, municipality=world.home, employer=employer,
                                      data=_vacancy_data(sector=""))
    assert vacancy.sector == Sector.CARE


@pytest.mark.parametrize(("field", "value", "message"), [
    ("hours_per_week", 0, "Het aantal uren per week ligt tussen 1 en 40."),
    ("hours_per_week", 41, "Het aantal uren per week ligt tussen 1 en 40."),
    ("hours_per_week", None, "Vul het aantal uren per week in."),
    ("capacity", 0, "Een vacature heeft minstens 1 plaats."),
    ("duration_weeks", 0, "De duur ligt tussen 1 en 260 weken. Laat het veld leeg bij onbepaalde tijd."),
    ("duration_weeks", 261, "De duur ligt tussen 1 en 260 weken. Laat het veld leeg bij onbepaalde tijd."),
    ("start", None, "Vul de startdatum in."),
    ("start", dt.date(2000, 1, 1), "De startdatum ligt meer dan een jaar in het verleden."),
    ("start", dt.date(2100, 1, 1), "De startdatum ligt meer dan twee jaar in de toekomst."),
    ("language_reason", "", "Geef aan waarom dit taalniveau nodig is, bijvoorbeeld klantcontact of "
                            "veiligheidsinstructies lezen."),
])
def test_vacancy_validation(world, field, value, message):
    employer = EmployerFactory(municipality=world.home)
    with pytest.raises(ValidationError) as exc:
        services.create_vacancy(actor=world.klantmanager, municipality=world.home, employer=employer,
                                data=_vacancy_data(**{field: value}))
    assert _errors(exc)[field] == [message]
    assert not Vacancy.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="work.").exists()


def test_vacancy_without_language_requirement_needs_no_reason_and_open_ended_is_fine(world):
    employer = EmployerFactory(municipality=world.home)
    vacancy = services.create_vacancy(actor=world.klantmanager, municipality=world.home, employer=employer,
                                      data=_vacancy_data(required_reading="", required_speaking="",
                                                         language_reason="", duration_weeks=None))
    assert vacancy.required_levels() == {}
    assert services.language_summary(vacancy) == ""


def test_vacancy_at_inactive_or_foreign_employer_is_refused(world):
    inactive = EmployerFactory(municipality=world.home, active=False)
    with pytest.raises(ValidationError) as exc:
        services.create_vacancy(actor=world.klantmanager, municipality=world.home, employer=inactive,
                                data=_vacancy_data())
    assert "employer" in _errors(exc)
    with pytest.raises(ValidationError, match="andere gemeente"):
        services.create_vacancy(actor=world.klantmanager, municipality=world.home,
                                employer=EmployerFactory(municipality=world.other), data=_vacancy_data())
    assert not Vacancy.objects.exists()


def test_update_vacancy_audits_changed_fields_and_certificates(world):
    vacancy = VacancyFactory(employer=EmployerFactory(municipality=world.home), start=dt.date(2020, 1, 1))
    certificate = Certificate.objects.get(name="VCA Basis")
    # An old start date that is not changed does not block other changes.
    services.update_vacancy(actor=world.klantmanager, vacancy=vacancy,
                            data={"hours_per_week": 36, "start": dt.date(2020, 1, 1), "certificates": [certificate]})
    vacancy.refresh_from_db()
    assert vacancy.hours_per_week == 36
    assert list(vacancy.certificates.all()) == [certificate]
    event = AuditEvent.objects.get(action="work.vacancy_updated")
    assert event.details["fields"] == ["hours_per_week", "certificates"]
    with pytest.raises(ValidationError):
        services.update_vacancy(actor=world.klantmanager, vacancy=vacancy, data={"hours_per_week": 60,
                                                                                  "certificates": []})
    vacancy.refresh_from_db()
    assert vacancy.hours_per_week == 36
    assert list(vacancy.certificates.all()) == [certificate]


def test_change_vacancy_status(world):
    vacancy = VacancyFactory(employer=EmployerFactory(municipality=world.home))
    services.change_vacancy_status(actor=world.klantmanager, vacancy=vacancy, status=VacancyStatus.FILLED)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED
    event = AuditEvent.objects.get(action="work.vacancy_status_changed")
    assert event.details == {"from": "open", "to": "filled"}
    with pytest.raises(ValidationError, match="heeft deze status al"):
        services.change_vacancy_status(actor=world.klantmanager, vacancy=vacancy, status=VacancyStatus.FILLED)
    with pytest.raises(ValidationError):
        services.change_vacancy_status(actor=world.klantmanager, vacancy=vacancy, status="deleted")
    services.change_vacancy_status(actor=world.klantmanager, vacancy=vacancy, status=VacancyStatus.OPEN)
    assert Vacancy.objects.get().status == VacancyStatus.OPEN


def test_language_summary_is_compact_speaking_first(world):
    vacancy = VacancyFactory(employer=EmployerFactory(municipality=world.home), required_reading="a2",
                             required_speaking="b1", language_reason="Klantcontact")
    assert services.language_summary(vacancy) == "Spreken B1, lezen A2"
    assert services.language_requirements(vacancy) == [("spreken", "B1"), ("lezen", "A2")]


def test_vacancy_list_filters(world):
    employer = EmployerFactory(municipality=world.home, name="Zorggroep Sallandse Heuvelrug")
    VacancyFactory(employer=employer, title="Helpende zorg", occupation="Helpende", sector=Sector.CARE,
                   kind=PlaceKind.WORK_EXPERIENCE)
    VacancyFactory(employer=EmployerFactory(municipality=world.home), title="Chauffeur", status=VacancyStatus.CLOSED)
    VacancyFactory(employer=EmployerFactory(municipality=world.other), title="Buitengemeentelijk")
    ids = [world.home.pk]
    assert [v.title for v in services.vacancy_list(ids)] == ["Helpende zorg"]
    assert {v.title for v in services.vacancy_list(ids, status="")} == {"Helpende zorg", "Chauffeur"}
    assert [v.title for v in services.vacancy_list(ids, text="sallandse")] == ["Helpende zorg"]
    assert [v.title for v in services.vacancy_list(ids, text="helpende")] == ["Helpende zorg"]
    assert not services.vacancy_list(ids, kind=PlaceKind.PAID_JOB).exists()
    assert not services.vacancy_list(ids, sector=Sector.LOGISTICS).exists()


def test_employer_overview_search_and_open_vacancies(world):
    employer = EmployerFactory(municipality=world.home, name="Bakkerij Van Dijk", kvk_number="55512345")
    VacancyFactory.create_batch(2, employer=employer)
    VacancyFactory(employer=employer, status=VacancyStatus.FILLED)
    EmployerFactory(municipality=world.home, name="Schoonmaak Noord", sector=Sector.CLEANING)
    ids = [world.home.pk]
    assert [e.open_vacancies for e in services.employer_overview(ids, text="bakkerij")] == [2]
    assert [e.name for e in services.employer_overview(ids, text="5551")] == ["Bakkerij Van Dijk"]
    assert [e.name for e in services.employer_overview(ids, sector=Sector.CLEANING)] == ["Schoonmaak Noord"]


# --- Settings -------------------------------------------------------------------------------------------------

SETTINGS = {"norm_single": Decimal("1401.50"), "norm_couple": Decimal("2002.15"),
            "norms_valid_from": dt.date(2026, 7, 1)}


def test_update_work_settings(world):
    assert services.work_settings(world.home).pk is None
    settings = services.update_work_settings(actor=world.beheerder, municipality=world.home, data=SETTINGS)
    assert settings.norm_single == Decimal("1401.50")
    event = AuditEvent.objects.get(action="work.settings_updated")
    assert event.details == {"norm_single": "1401.50", "norm_couple": "2002.15", "norms_valid_from": "2026-07-01"}
    assert event.actor_role == "functioneel_beheerder"
    services.update_work_settings(actor=world.beheerder, municipality=world.home, data=SETTINGS)
    assert AuditEvent.objects.filter(action="work.settings_updated").count() == 1
    assert services.work_settings(world.home) == settings


@pytest.mark.parametrize(("data", "field"), [
    ({**SETTINGS, "norm_single": Decimal("0")}, "norm_single"),
    ({**SETTINGS, "norm_couple": Decimal("-5")}, "norm_couple"),
    ({**SETTINGS, "norm_single": None}, "norm_single"),
    ({**SETTINGS, "norm_couple": Decimal("1000.00")}, "norm_couple"),
    ({**SETTINGS, "norms_valid_from": None}, "norms_valid_from"),
])
def test_work_settings_validation(world, data, field):
    with pytest.raises(ValidationError) as exc:
        services.update_work_settings(actor=world.beheerder, municipality=world.home, data=data)
    assert field in _errors(exc)
    assert not WorkSettings.objects.exists()
    assert not AuditEvent.objects.filter(action="work.settings_updated").exists()
