import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
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
from meedoen.work.tests.factories import (
    CooperationAgreementFactory,
    EmployerContactFactory,
    EmployerFactory,
    PlacementFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

DENIED = ["beleidsmedewerker", "partnermedewerker"]
MANAGERS = ["klantmanager", "teamleider"]


@pytest.fixture
def rows(world):
    employer = EmployerFactory(municipality=world.home, name="Logistiek Centrum Hessenpoort")
    contact = EmployerContactFactory(employer=employer, name="Mirjam Bos")
    agreement = CooperationAgreementFactory(employer=employer)
    vacancy = VacancyFactory(employer=employer, required_speaking="b1", required_reading="a2",
                             language_reason="Klantcontact en veiligheidsinstructies")
    foreign = EmployerFactory(municipality=world.other, name="Buitengemeentelijk B.V.")
    return {
        "employer": employer, "contact": contact, "agreement": agreement, "vacancy": vacancy, "foreign": foreign,
        "foreign_contact": EmployerContactFactory(employer=foreign),
        "foreign_agreement": CooperationAgreementFactory(employer=foreign),
        "foreign_vacancy": VacancyFactory(employer=foreign),
    }


def _employer_urls(employer, contact, agreement) -> list[str]:
    return [
        reverse("work:employer_detail", args=[employer.public_id]),
        reverse("work:employer_edit", args=[employer.public_id]),
        reverse("work:employer_contact_create", args=[employer.public_id]),
        reverse("work:employer_contact_edit", args=[employer.public_id, contact.public_id]),
        reverse("work:agreement_create", args=[employer.public_id]),
        reverse("work:agreement_edit", args=[employer.public_id, agreement.public_id]),
    ]


def _vacancy_urls(vacancy) -> list[str]:
    return [
        reverse("work:vacancy_detail", args=[vacancy.public_id]),
        reverse("work:vacancy_edit", args=[vacancy.public_id]),
    ]


def _all_urls(rows) -> list[str]:
    return [
        reverse("work:employer_list"), reverse("work:employer_create"), reverse("work:vacancy_list"),
        reverse("work:vacancy_create"), reverse("work:settings"),
        *_employer_urls(rows["employer"], rows["contact"], rows["agreement"]), *_vacancy_urls(rows["vacancy"]),
    ]


def _vacancy_post(employer=None, **overrides):
    data = {"title": "Magazijnmedewerker", "occupation": "Magazijnmedewerker", "sector": Sector.LOGISTICS,
            "kind": PlaceKind.WORK_EXPERIENCE, "hours_per_week": "24", "location": "Zwolle",
            "start": (timezone.localdate() + dt.timedelta(days=14)).isoformat(), "duration_weeks": "26",
            "capacity": "3", "description": "", "required_reading": "a2", "required_listening": "",
            "required_writing": "", "required_speaking": "a2", "language_reason": "Veiligheidsinstructies lezen"}
    if employer is not None:
        data["employer"] = str(employer.public_id)
    data.update(overrides)
    return data


# --- who gets in --------------------------------------------------------------------------------------------

def test_url_paths_are_dutch_under_werkgevers():
    assert reverse("work:employer_list") == "/werk/werkgevers/"
    assert reverse("work:vacancy_list") == "/werk/werkgevers/vacatures/"
    assert reverse("work:settings") == "/werk/werkgevers/bijstandsnormen/"


@pytest.mark.parametrize("persona", DENIED)
def test_policy_and_partner_workers_get_403_everywhere(world, login, rows, persona):
    http = login(getattr(world, persona))
    for url in _all_urls(rows):
        assert http.get(url).status_code == 403, url
    assert http.post(reverse("work:employer_create"), {"name": "X", "kvk_number": "11112222",
                                                        "sector": Sector.CARE}).status_code == 403
    assert http.post(reverse("work:vacancy_status", args=[rows["vacancy"].public_id]),
                     {"status": "closed"}).status_code == 403
    assert not Employer.objects.filter(kvk_number="11112222").exists()
    assert Vacancy.objects.get(pk=rows["vacancy"].pk).status == VacancyStatus.OPEN


def test_anonymous_is_sent_to_login(client, rows):
    for url in _all_urls(rows):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_beheerder_may_view_employers_but_not_change_them_nor_vacancies(world, login, rows):
    http = login(world.beheerder)
    assert http.get(reverse("work:employer_list")).status_code == 200
    response = http.get(reverse("work:employer_detail", args=[rows["employer"].public_id]))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("work:employer_edit", args=[rows["employer"].public_id]) not in content
    assert reverse("work:vacancy_detail", args=[rows["vacancy"].public_id]) not in content
    for url in [reverse("work:employer_create"), reverse("work:vacancy_list"), reverse("work:vacancy_create"),
                *_employer_urls(rows["employer"], rows["contact"], rows["agreement"])[1:],
                *_vacancy_urls(rows["vacancy"])]:
        assert http.get(url).status_code == 403, url
    assert http.post(reverse("work:vacancy_status", args=[rows["vacancy"].public_id]),
                     {"status": "closed"}).status_code == 403


@pytest.mark.parametrize("persona", MANAGERS)
def test_settings_page_is_for_the_beheerder_only(world, login, persona):
    http = login(getattr(world, persona))
    assert http.get(reverse("work:settings")).status_code == 403
    assert http.post(reverse("work:settings"), {"norm_single": "1400", "norm_couple": "2000",
                                                "norms_valid_from": "2026-07-01"}).status_code == 403
    assert not WorkSettings.objects.exists()


@pytest.mark.parametrize("persona", [*MANAGERS, "beheerder"])
def test_rows_of_another_municipality_are_404(world, login, rows, persona):
    http = login(getattr(world, persona))
    urls = [reverse("work:employer_detail", args=[rows["foreign"].public_id])]
    if persona != "beheerder":
        urls += [*_employer_urls(rows["foreign"], rows["foreign_contact"], rows["foreign_agreement"]),
                 *_vacancy_urls(rows["foreign_vacancy"]),
                 # Own employer, foreign contact or agreement: 404 too.
                 reverse("work:employer_contact_edit", args=[rows["employer"].public_id,
                                                             rows["foreign_contact"].public_id]),
                 reverse("work:agreement_edit", args=[rows["employer"].public_id,
                                                      rows["foreign_agreement"].public_id])]
    for url in urls:
        assert http.get(url).status_code == 404, url
    if persona != "beheerder":
        assert http.post(reverse("work:vacancy_status", args=[rows["foreign_vacancy"].public_id]),
                         {"status": "closed"}).status_code == 404
        assert http.post(reverse("work:employer_edit", args=[rows["foreign"].public_id]),
                         {"name": "Overgenomen", "kvk_number": "99998888", "sector": "care"}).status_code == 404
    rows["foreign"].refresh_from_db()
    assert rows["foreign"].name == "Buitengemeentelijk B.V."
    assert Vacancy.objects.get(pk=rows["foreign_vacancy"].pk).status == VacancyStatus.OPEN


def test_foreign_klantmanager_sees_only_own_municipality(world, login, rows):
    http = login(world.foreign_klantmanager)
    content = http.get(reverse("work:employer_list")).content.decode()
    assert "Buitengemeentelijk B.V." in content
    assert "Hessenpoort" not in content
    assert http.get(reverse("work:employer_detail", args=[rows["employer"].public_id])).status_code == 404


# --- employer list and detail --------------------------------------------------------------------------------

def test_employer_list_in_fixed_queries(world, login, django_assert_max_num_queries):
    employer = EmployerFactory(municipality=world.home, name="Aannemer Bouwbedrijf")
    CooperationAgreementFactory(employer=employer, start=dt.date(2000, 1, 1), end=dt.date(2099, 12, 31),
                                committed_jobs=2, committed_work_experience=0)
    PlacementFactory(employer=employer, kind=PlaceKind.PAID_JOB, start=dt.date(2026, 3, 1))
    VacancyFactory(employer=employer)
    http = login(world.klantmanager)
    http.get(reverse("work:employer_list"))  # warm up
    with django_assert_max_num_queries(10) as small:
        http.get(reverse("work:employer_list"))
    for n in range(8):
        extra = EmployerFactory(municipality=world.home, name=f"Extra {n}")
        CooperationAgreementFactory(employer=extra)
        VacancyFactory.create_batch(2, employer=extra)
        PlacementFactory(employer=extra, kind=PlaceKind.WORK_EXPERIENCE)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = http.get(reverse("work:employer_list"))
    content = response.content.decode()
    assert "Aannemer Bouwbedrijf" in content
    assert "2 / 1" in content
    assert "nog 1 te gaan" in content
    assert "9 werkgevers" in content


def test_employer_list_search_and_sector(world, login):
    EmployerFactory(municipality=world.home, name="Zorgcentrum De Weide", sector=Sector.CARE, kvk_number="40001234")
    EmployerFactory(municipality=world.home, name="Garage Jansen", sector=Sector.TECHNICAL)
    http = login(world.teamleider)
    content = http.get(reverse("work:employer_list"), {"q": "weide"}).content.decode()
    assert "Zorgcentrum De Weide" in content and "Garage Jansen" not in content
    content = http.get(reverse("work:employer_list"), {"q": "4000 1234"}).content.decode()
    assert "Zorgcentrum De Weide" in content and "Garage Jansen" not in content
    content = http.get(reverse("work:employer_list"), {"sector": Sector.TECHNICAL}).content.decode()
    assert "Garage Jansen" in content and "Zorgcentrum" not in content
    assert http.get(reverse("work:employer_list"), {"sector": "onbekend"}).status_code == 200


def test_employer_detail_shows_commitments_and_counts_without_client_names(world, login, rows,
                                                                           django_assert_max_num_queries):
    employer = rows["employer"]
    placement = PlacementFactory(employer=employer, kind=PlaceKind.PAID_JOB, start=dt.date(2026, 2, 1))
    PlacementFactory(employer=employer, kind=PlaceKind.MAP_PRACTICAL, start=dt.date(2026, 3, 1))
    http = login(world.klantmanager)
    with django_assert_max_num_queries(16):
        response = http.get(reverse("work:employer_detail", args=[employer.public_id]))
    content = response.content.decode()
    assert "Mirjam Bos" in content
    assert "3 / 1" in content  # jobs committed 3, one realised
    assert "4 / 1" in content  # work-experience places committed 4, one (MAP) realised
    assert "Spreken B1, lezen A2" in content
    assert "2 plaatsingen" in content
    assert placement.client.full_name not in content
    assert reverse("work:vacancy_create") + f"?werkgever={employer.public_id}" in content
    assert not AuditEvent.objects.filter(action__endswith="viewed").exists()


# --- employer forms -------------------------------------------------------------------------------------------

def test_create_employer(world, login):
    http = login(world.klantmanager)
    url = reverse("work:employer_create")
    assert http.get(url).status_code == 200
    response = http.post(url, {"name": "Kringloop Zwolle", "kvk_number": "0512 3456", "sector": Sector.RETAIL,
                               "city": "Zwolle", "notes": "", "active": "on"})
    employer = Employer.objects.get(name="Kringloop Zwolle")
    assert response.status_code == 302
    assert response["Location"] == reverse("work:employer_detail", args=[employer.public_id])
    assert (employer.municipality, employer.kvk_number) == (world.home, "05123456")
    assert AuditEvent.objects.filter(action="work.employer_created", actor=world.klantmanager).exists()


def test_create_employer_shows_dutch_errors(world, login, rows):
    http = login(world.klantmanager)
    response = http.post(reverse("work:employer_create"), {"name": "Dubbel", "kvk_number": "1234",
                                                            "sector": Sector.RETAIL, "active": "on"})
    assert response.status_code == 200
    assert "Een KvK-nummer bestaat uit precies 8 cijfers" in response.content.decode()
    response = http.post(reverse("work:employer_create"), {"name": "Dubbel", "sector": Sector.RETAIL,
                                                            "kvk_number": rows["employer"].kvk_number})
    assert "Er is al een werkgever met dit KvK-nummer" in response.content.decode()
    assert not Employer.objects.filter(name="Dubbel").exists()


def test_edit_employer_contact_and_agreement(world, login, rows):
    employer = rows["employer"]
    http = login(world.teamleider)
    url = reverse("work:employer_edit", args=[employer.public_id])
    assert http.get(url).status_code == 200
    assert http.post(url, {"name": "Hessenpoort Logistiek", "kvk_number": employer.kvk_number,
                           "sector": Sector.LOGISTICS, "city": "Zwolle", "active": "on"}).status_code == 302
    employer.refresh_from_db()
    assert employer.name == "Hessenpoort Logistiek"

    url = reverse("work:employer_contact_create", args=[employer.public_id])
    assert http.get(url).status_code == 200
    assert http.post(url, {"name": "Sven Mulder", "function": "Planner", "phone": "", "email": ""}).status_code == 302
    assert EmployerContact.objects.filter(employer=employer, name="Sven Mulder").exists()
    url = reverse("work:employer_contact_edit", args=[employer.public_id, rows["contact"].public_id])
    assert http.get(url).status_code == 200
    assert http.post(url, {"name": "Mirjam Bos", "function": "HR-manager", "phone": "",
                           "email": "m.bos@example.nl"}).status_code == 302
    rows["contact"].refresh_from_db()
    assert rows["contact"].function == "HR-manager"

    url = reverse("work:agreement_create", args=[employer.public_id])
    assert http.get(url).status_code == 200
    response = http.post(url, {"start": "2027-01-01", "end": "2026-12-31", "committed_jobs": "2",
                               "committed_work_experience": "2"})
    assert "De einddatum ligt vóór de ingangsdatum." in response.content.decode()
    assert http.post(url, {"start": "2027-01-01", "end": "2027-12-31", "committed_jobs": "2",
                           "committed_work_experience": "2", "municipality_offers": "Jobcoaching"}
                     ).status_code == 302
    assert CooperationAgreement.objects.filter(employer=employer, start=dt.date(2027, 1, 1)).exists()
    url = reverse("work:agreement_edit", args=[employer.public_id, rows["agreement"].public_id])
    assert http.get(url).status_code == 200
    assert http.post(url, {"start": "2026-01-01", "end": "2026-12-31", "committed_jobs": "5",
                           "committed_work_experience": "4"}).status_code == 302
    rows["agreement"].refresh_from_db()
    assert rows["agreement"].committed_jobs == 5
    actions = set(AuditEvent.objects.filter(actor=world.teamleider).values_list("action", flat=True))
    assert {"work.employer_updated", "work.employer_contact_created", "work.employer_contact_updated",
            "work.agreement_created", "work.agreement_updated"} <= actions


# --- vacancies ----------------------------------------------------------------------------------------------

def test_vacancy_list_filters_and_fixed_queries(world, login, rows, django_assert_max_num_queries):
    VacancyFactory(employer=rows["employer"], title="Gesloten plek", status=VacancyStatus.CLOSED)
    VacancyFactory(employer=rows["employer"], title="Zorgplek", sector=Sector.CARE, kind=PlaceKind.VOLUNTEER)
    http = login(world.klantmanager)
    http.get(reverse("work:vacancy_list"))
    with django_assert_max_num_queries(10) as small:
        response = http.get(reverse("work:vacancy_list"))
    content = response.content.decode()
    assert rows["vacancy"].title in content
    assert "Spreken B1, lezen A2" in content
    assert "Gesloten plek" not in content  # open by default
    assert rows["foreign_vacancy"].title not in content
    for n in range(10):
        VacancyFactory(employer=EmployerFactory(municipality=world.home), title=f"Extra {n}", required_writing="a1",
                       language_reason="Formulieren")
    with django_assert_max_num_queries(len(small.captured_queries)):
        http.get(reverse("work:vacancy_list"))

    content = http.get(reverse("work:vacancy_list"), {"status": "closed"}).content.decode()
    assert "Gesloten plek" in content and rows["vacancy"].title not in content
    content = http.get(reverse("work:vacancy_list"), {"status": "alle", "kind": PlaceKind.VOLUNTEER}).content.decode()
    assert "Zorgplek" in content and "Gesloten plek" not in content
    content = http.get(reverse("work:vacancy_list"), {"sector": Sector.CARE}).content.decode()
    assert "Zorgplek" in content and rows["vacancy"].title not in content
    content = http.get(reverse("work:vacancy_list"), {"q": "hessenpoort"}).content.decode()
    assert rows["vacancy"].title in content and "Extra 1" not in content


def test_vacancy_list_is_paginated(world, login):
    employer = EmployerFactory(municipality=world.home)
    VacancyFactory.create_batch(30, employer=employer)
    http = login(world.klantmanager)
    first = http.get(reverse("work:vacancy_list")).content.decode()
    assert "Pagina 1 van 2" in first
    second = http.get(reverse("work:vacancy_list"), {"page": 2}).content.decode()
    assert "Pagina 2 van 2" in second


def test_create_vacancy_with_preselected_employer(world, login, rows):
    http = login(world.klantmanager)
    employer = rows["employer"]
    response = http.get(reverse("work:vacancy_create"), {"werkgever": str(employer.public_id)})
    assert response.status_code == 200
    assert f'value="{employer.public_id}" selected' in response.content.decode()
    # A foreign or malformed employer id is simply not preselected.
    for value in (str(rows["foreign"].public_id), "geen-uuid"):
        response = http.get(reverse("work:vacancy_create"), {"werkgever": value})
        assert response.status_code == 200
        assert f'value="{employer.public_id}" selected' not in response.content.decode()
    vca = Certificate.objects.get(name="VCA Basis")
    response = http.post(reverse("work:vacancy_create"), {**_vacancy_post(employer), "certificates": [vca.pk],
                                                           "requires_driving_licence": "on"})
    vacancy = Vacancy.objects.get(title="Magazijnmedewerker")
    assert response.status_code == 302
    assert response["Location"] == reverse("work:vacancy_detail", args=[vacancy.public_id])
    assert (vacancy.employer, vacancy.municipality, vacancy.requires_driving_licence) == (employer, world.home, True)
    assert list(vacancy.certificates.all()) == [vca]


def test_create_vacancy_refuses_foreign_employer_and_bad_values(world, login, rows):
    http = login(world.klantmanager)
    response = http.post(reverse("work:vacancy_create"), _vacancy_post(rows["foreign"]))
    assert response.status_code == 200
    assert not Vacancy.objects.filter(title="Magazijnmedewerker").exists()
    response = http.post(reverse("work:vacancy_create"), _vacancy_post(rows["employer"], hours_per_week="45",
                                                                       capacity="0", language_reason=""))
    content = response.content.decode()
    assert "Het aantal uren per week ligt tussen 1 en 40." in content
    assert "Geef aan waarom dit taalniveau nodig is" in content
    assert not Vacancy.objects.filter(title="Magazijnmedewerker").exists()


def test_vacancy_detail_shows_all_requirements(world, login, rows, django_assert_max_num_queries):
    vacancy = rows["vacancy"]
    vacancy.requires_driving_licence = True
    vacancy.duration_weeks = 12
    vacancy.save()
    vacancy.certificates.set(Certificate.objects.filter(name__in=["VCA Basis", "Heftruckcertificaat"]))
    http = login(world.klantmanager)
    with django_assert_max_num_queries(12):
        response = http.get(reverse("work:vacancy_detail", args=[vacancy.public_id]))
    content = response.content.decode()
    for text in ("Spreken", "B1", "Lezen", "A2", "Klantcontact en veiligheidsinstructies", "Rijbewijs B", "vereist",
                 "VCA Basis", "Heftruckcertificaat", "12 weken", "Betaalde baan", vacancy.location,
                 "Aantal plaatsen", rows["employer"].name):
        assert text in content, text


def test_candidates_link_only_when_that_page_exists(world, login, rows, monkeypatch):
    from meedoen.work.views import employers as views

    http = login(world.klantmanager)
    monkeypatch.setattr(views, "candidates_url", lambda vacancy: f"/kandidaten/{vacancy.public_id}/")
    content = http.get(reverse("work:vacancy_detail", args=[rows["vacancy"].public_id])).content.decode()
    assert "Kandidaten zoeken" in content
    monkeypatch.setattr(views, "candidates_url", lambda vacancy: "")
    content = http.get(reverse("work:vacancy_detail", args=[rows["vacancy"].public_id])).content.decode()
    assert "Kandidaten zoeken" not in content


def test_candidates_url_hides_a_missing_page(rows):
    from django.urls import NoReverseMatch

    from meedoen.work.views.employers import candidates_url

    try:
        expected = reverse("work:vacancy_candidates", args=[rows["vacancy"].public_id])
    except NoReverseMatch:
        expected = ""
    assert candidates_url(rows["vacancy"]) == expected


def test_edit_vacancy(world, login, rows):
    vacancy = rows["vacancy"]
    http = login(world.teamleider)
    url = reverse("work:vacancy_edit", args=[vacancy.public_id])
    response = http.get(url)
    assert response.status_code == 200
    assert 'name="employer"' not in response.content.decode()
    data = _vacancy_post(title="Orderpicker avonddienst", kind=PlaceKind.PAID_JOB,
                         start=vacancy.start.isoformat())
    assert http.post(url, data).status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.employer) == ("Orderpicker avonddienst", rows["employer"])
    assert AuditEvent.objects.filter(action="work.vacancy_updated", actor=world.teamleider).exists()


def test_change_vacancy_status(world, login, rows):
    vacancy = rows["vacancy"]
    http = login(world.klantmanager)
    url = reverse("work:vacancy_status", args=[vacancy.public_id])
    assert http.get(url).status_code == 405
    response = http.post(url, {"status": "filled"}, follow=True)
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.FILLED
    assert "De status van de vacature is nu: vervuld." in response.content.decode()
    response = http.post(url, {"status": "filled"}, follow=True)
    assert "De vacature heeft deze status al." in response.content.decode()
    response = http.post(url, {"status": "weg"}, follow=True)
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.FILLED
    assert AuditEvent.objects.filter(action="work.vacancy_status_changed").count() == 1


# --- settings -----------------------------------------------------------------------------------------------

def test_beheerder_sets_bijstand_norms(world, login):
    http = login(world.beheerder)
    url = reverse("work:settings")
    assert "Er zijn nog geen bijstandsnormen ingesteld" in http.get(url).content.decode()
    response = http.post(url, {"norm_single": "0", "norm_couple": "2002.15", "norms_valid_from": "2026-07-01"})
    assert response.status_code == 200
    assert "Het bedrag moet groter zijn dan 0." in response.content.decode()
    assert not WorkSettings.objects.exists()
    response = http.post(url, {"norm_single": "1401.50", "norm_couple": "2002.15", "norms_valid_from": "2026-07-01"})
    assert response.status_code == 302
    settings = WorkSettings.objects.get(municipality=world.home)
    assert (settings.norm_single, settings.norm_couple) == (Decimal("1401.50"), Decimal("2002.15"))
    assert AuditEvent.objects.filter(action="work.settings_updated", actor=world.beheerder).exists()
    assert "De huidige normen gelden vanaf" in http.get(url).content.decode()
