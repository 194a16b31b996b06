"""Plan pages: the flow a klantmanager goes through, the denied cases, the PDF, the panel and query counts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Regime, TargetGroup
from meedoen.journey import services as journey_services
from meedoen.journey.models import MilestoneKind
from meedoen.partners.tests.factories import OfferFactory
from meedoen.plans import panels, services
from meedoen.plans.models import Plan, PlanActivity, PlanSettings, PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory

D = dt.date


@pytest.fixture
def client_(world):
    c = world.client
    c.regime, c.target_group = Regime.WI2021, TargetGroup.ASIELSTATUSHOUDER
    c.save()
    journey_services.record_milestone(actor=world.klantmanager, client=c, kind=MilestoneKind.INTAKE_STARTED,
                                      date=D(2026, 1, 5))
    return c


def _plan_with_activities(world, client, *, status=PlanStatus.DRAFT, n=2, **fields):
    plan = PlanFactory(client=client, status=status, dagtekening=D(2026, 3, 2) if status != "draft" else None,
                       contact_person=world.klantmanager, **fields)
    for i in range(n):
        PlanActivityFactory(plan=plan, description=f"Activiteit {i}", hours_per_week=Decimal("12"),
                            start=D(2026, 3, 2), end=D(2026, 6, 28))
    return plan


def _url(name, obj):
    return reverse(f"plans:{name}", args=[obj.public_id])


# --- The flow -------------------------------------------------------------------------------------------------

def test_klantmanager_builds_is_stopped_fixes_and_sets_a_plan(world, client_, login):
    web = login(world.klantmanager)
    offer = OfferFactory(partner=world.partner, name="NT2 dagtraject", hours_per_week=Decimal("24"),
                         duration_weeks=10)
    response = web.get(_url("client", client_))
    assert response.status_code == 200 and "Plan opstellen" in response.content.decode()
    response = web.post(_url("create", client_))
    plan = Plan.objects.get(client=client_)
    assert response.status_code == 302 and response["Location"] == _url("edit", plan)
    page = web.get(_url("edit", plan)).content.decode()
    for legend in ("Leerroute", "Doelen", "PVT en MAP", "Beschikbaarheid en kinderopvang", "Ontzorgen",
                   "Voortgang en contactpersoon"):
        assert f">{legend}</legend>" in page
    assert "Participatiewet</legend>" not in page  # no bijstand
    response = web.post(_url("edit", plan), {"route": "b1", "main_goal": "Werk in de zorg", "hours_available": "36",
                                             "contact_person": world.klantmanager.pk})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.route, plan.hours_available, plan.main_goal) == ("b1", 36, "Werk in de zorg")
    # two activities: from the catalogue and a free one, together 48 hours in ten weeks
    page = web.get(_url("activity_add", plan)).content.decode()
    assert "NT2 dagtraject — Taalhuis Zwolle, 24 u per week, 10 weken" in page and "<optgroup" in page
    response = web.post(_url("activity_add", plan), {"offer": str(offer.public_id), "start": "2026-01-05"})
    assert response.status_code == 302
    response = web.post(_url("activity_add", plan), {"activity_type": "paid_work", "description": "werk",
                                                     "hours_per_week": "24", "start": "2026-01-05",
                                                     "end": "2026-03-15"})
    assert response.status_code == 302
    page = web.get(_url("detail", plan)).content.decode()
    assert ("Week 2 t/m 11 (5 jan – 15 mrt 2026): NT2 dagtraject 24 u + werk 24 u = 48 u &gt; 36 u beschikbaar"
            in page)
    assert 'data-problem="true"' in page and "<svg" in page
    # setting without a reason is refused with a clear message
    page = web.get(_url("set", plan)).content.decode()
    assert "Toch vaststellen omdat…" in page and "De weekbelasting past niet in 10 weken" in page
    response = web.post(_url("set", plan), {"dagtekening": "2026-01-05"})
    assert response.status_code == 200
    assert "Vul de reden in om het plan toch vast te stellen" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    # fix: fewer hours of work
    work = plan.activities.get(activity_type="paid_work")
    response = web.post(_url("activity_edit", work), {"activity_type": "paid_work", "description": "werk",
                                                      "hours_per_week": "12", "start": "2026-01-05",
                                                      "end": "2026-03-15"})
    assert response.status_code == 302
    page = web.get(_url("set", plan)).content.decode()
    assert "Toch vaststellen omdat" not in page and "De weekbelasting past in elke week van het plan (10 weken)" in page
    response = web.post(_url("set", plan), {"dagtekening": "2026-01-05"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SET and plan.dagtekening == D(2026, 1, 5)
    page = web.get(_url("detail", plan)).content.decode()
    assert "Plan herzien (nieuwe versie)" in page and "Gegevens bewerken" not in page


def test_set_anyway_with_a_reason(world, client_, login):
    web = login(world.klantmanager)
    plan = _plan_with_activities(world, client_, hours_available=20)
    response = web.post(_url("set", plan), {"dagtekening": "2026-03-02", "override_reason": "kort"})
    assert "minstens 10 tekens" in response.content.decode()
    response = web.post(_url("set", plan), {"dagtekening": "2026-03-02",
                                            "override_reason": "Werk stopt in april; cliënt wil beide"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.load_override_reason == "Werk stopt in april; cliënt wil beide"
    page = login(world.klantmanager).get(_url("detail", plan)).content.decode()
    assert "Vastgesteld hoewel de weekbelasting niet past" in page


def test_set_page_shows_what_is_missing(world, client_, login):
    plan = PlanFactory(client=client_, route="")
    page = login(world.klantmanager).get(_url("set", plan)).content.decode()
    assert "Er is nog geen leerroute gekozen." in page and "Het plan heeft nog geen activiteiten." in page
    response = login(world.klantmanager).post(_url("set", plan), {"dagtekening": "2026-03-02"})
    assert "Kies eerst een leerroute." in response.content.decode()


def test_revise_diff_and_discard(world, client_, login):
    web = login(world.klantmanager)
    plan = _plan_with_activities(world, client_)
    web.post(_url("set", plan), {"dagtekening": "2026-03-02"})
    response = web.post(_url("revise", plan))
    new = Plan.objects.get(client=client_, version=2)
    assert response.status_code == 302 and response["Location"] == _url("detail", new)
    web.post(_url("edit", new), {"route": "z", "main_goal": plan.main_goal, "hours_available": "36",
                                 "contact_person": world.klantmanager.pk})
    page = web.get(_url("diff", new)).content.decode()
    assert 'data-field="route"' in page and "B1-route" in page and "Z-route" in page
    page = web.get(_url("diff", new) + f"?from={new.public_id}&to={new.public_id}").content.decode()
    assert "Kies twee verschillende versies." in page
    assert "Dit is de eerste versie" in web.get(_url("diff", plan)).content.decode()
    # discarding asks first, then deletes the draft only
    assert "Wilt u het concept (versie 2)" in web.get(_url("discard", new)).content.decode()
    response = web.post(_url("discard", new))
    assert response.status_code == 302 and response["Location"] == _url("client", client_)
    assert list(Plan.objects.filter(client=client_)) == [plan]
    response = web.post(_url("discard", plan))
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_set_versions_cannot_be_edited_through_the_pages(world, client_, login):
    web = login(world.klantmanager)
    plan = _plan_with_activities(world, client_, status=PlanStatus.SET, main_goal="Oud doel")
    activity = plan.activities.first()
    for url in (_url("edit", plan), _url("activity_add", plan), _url("activity_edit", activity),
                _url("activity_remove", activity)):
        response = web.post(url, {"main_goal": "Nieuw", "activity_type": "pvt", "hours_per_week": "3",
                                  "start": "2026-03-02", "end": "2026-03-29"})
        assert response.status_code == 302 and response["Location"] == _url("detail", plan)
    plan.refresh_from_db()
    assert plan.main_goal == "Oud doel" and plan.activities.count() == 2
    assert not AuditEvent.objects.filter(action__startswith="plans.activity").exists()


def test_remove_activity_asks_first(world, client_, login):
    web = login(world.klantmanager)
    plan = _plan_with_activities(world, client_, n=1)
    activity = plan.activities.get()
    assert "Wilt u ‘Activiteit 0’ uit het concept halen?" in web.get(_url("activity_remove", activity)).content.decode()
    web.post(_url("activity_remove", activity))
    assert not PlanActivity.objects.filter(pk=activity.pk).exists()


def test_activity_form_errors_are_dutch(world, client_, login):
    plan = PlanFactory(client=client_)
    response = login(world.klantmanager).post(_url("activity_add", plan), {"hours_per_week": "veel"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul een getal in, bijvoorbeeld 12 of 12,5." in page and "Vul de startdatum in." in page
    response = login(world.klantmanager).post(_url("activity_add", plan), {"start": "2026-03-02"})
    assert "Kies een aanbod uit de catalogus of de soort activiteit." in response.content.decode()
    response = login(world.klantmanager).post(_url("activity_add", plan), {
        "activity_type": "pvt", "hours_per_week": "12,5", "start": "2026-03-02", "end": "2026-03-29"})
    assert response.status_code == 302
    assert plan.activities.get().hours_per_week == Decimal("12.5")


def test_participatiewet_field_only_with_bijstand(world, client_, login):
    plan = PlanFactory(client=client_)
    journey_services.start_bijstand(actor=world.klantmanager, client=client_, start=D(2026, 1, 1))
    page = login(world.klantmanager).get(_url("edit", plan)).content.decode()
    assert "Participatiewet</legend>" in page and 'name="participatiewet_obligations"' in page


def test_detail_shows_everything_in_readable_dutch(world, client_, login):
    plan = _plan_with_activities(world, client_, route="z", pvt_intensity="medium", ontzorgen=True,
                                 ontzorgen_until=D(2026, 9, 30), ontzorgen_note="huur en energie",
                                 goal_language="A1 halen", goal_work="Vrijwilligerswerk", goal_finance="Budget",
                                 progress_agreements="Elke drie maanden een gesprek", needs_childcare=True)
    page = login(world.klantmanager).get(_url("detail", plan)).content.decode()
    for text in ("Z-route", "A1 halen", "Vrijwilligerswerk", "Budget", "Gemiddeld", "ja, tot en met 30-09-2026",
                 "huur en energie", "Elke drie maanden een gesprek", "Activiteit 0", "Geplande uren en normen",
                 "Taal: 408 u gepland, de Z-route vraagt 800 u.", "Uren kinderopvang", "0 u kinderopvang"):
        assert text in page, text
    assert page.count("<h1") == 1
    assert AuditEvent.objects.filter(action="plans.plan_viewed", client_public_id=client_.public_id).exists()


# --- Health activities --------------------------------------------------------------------------------------

def test_health_activities_are_hidden_from_a_colleague_and_never_in_the_pdf(world, client_, login):
    plan = _plan_with_activities(world, client_, n=1)
    care = PlanActivityFactory(plan=plan, activity_type="mental_health_addiction", description="Traumatherapie GGZ",
                               hours_per_week=2, start=D(2026, 3, 2), end=D(2026, 6, 28))
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-same-team")
    page = login(colleague).get(_url("detail", plan)).content.decode()
    assert "Traumatherapie" not in page and "Zorg (afgeschermd)" in page
    assert login(colleague).get(_url("activity_edit", care)).status_code == 404
    assert not AuditEvent.objects.filter(action="plans.special_category_viewed").exists()
    page = login(world.klantmanager).get(_url("detail", plan)).content.decode()
    assert "Traumatherapie GGZ" in page
    assert AuditEvent.objects.filter(action="plans.special_category_viewed").count() == 1
    text = _pdf_text(login(world.klantmanager).get(_url("pdf", plan)).content)
    assert "Traumatherapie" not in text and "Activiteit 0" in text
    assert "Afspraken over zorg staan niet in dit papier" in text


# --- PDF ------------------------------------------------------------------------------------------------------

def _pdf_text(content: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(io.BytesIO(content))
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def _first_page_is_not_blank(content: bytes) -> bool:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(io.BytesIO(content))
    image = pdf[0].render(scale=0.5).to_pil().convert("L")
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    return dark > 500


def test_pdf_of_a_set_plan(world, client_, login):
    from meedoen.clients.tests.factories import ClientIdentifierFactory

    ClientIdentifierFactory(client=client_, value="123456782")
    plan = _plan_with_activities(world, client_, route="b1", main_goal="Werk in de zorg")
    services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    response = login(world.klantmanager).get(_url("pdf", plan))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000
    assert _first_page_is_not_blank(response.content)
    text = _pdf_text(response.content)
    for phrase in ("Uw plan", "Wat gaat u doen?", "Werk in de zorg", "Activiteit 0", "Gemeente Zwolle", "Versie",
                   "2 maart 2026", "3 maart 2026", "Handtekening", client_.full_name):
        assert phrase in text, phrase
    assert "CONCEPT" not in text and "123456782" not in text
    event = AuditEvent.objects.filter(action="plans.pdf_exported").latest("id")
    assert event.client_public_id == client_.public_id


def test_pdf_of_a_draft_says_concept(world, client_, login):
    plan = _plan_with_activities(world, client_)
    response = login(world.klantmanager).get(_url("pdf", plan))
    assert response.status_code == 200 and _first_page_is_not_blank(response.content)
    assert "CONCEPT" in _pdf_text(response.content)


# --- Denied cases ---------------------------------------------------------------------------------------------

CLIENT_PAGES = ("client", "detail", "edit", "activity_add", "set", "discard", "diff", "pdf", "activity_edit",
                "activity_remove")


@pytest.mark.parametrize("persona", ["colleague_other_team", "foreign_klantmanager", "beleidsmedewerker",
                                     "partnermedewerker", "beheerder"])
def test_others_get_404_on_every_client_page(world, login, persona):
    plan = _plan_with_activities(world, world.client, n=1)
    activity = plan.activities.get()
    web = login(getattr(world, persona))
    for name in CLIENT_PAGES:
        obj = world.client if name == "client" else activity if name.startswith("activity_") and name != \
            "activity_add" else plan
        assert web.get(_url(name, obj)).status_code == 404, name
    for name, obj in (("create", world.client), ("revise", plan), ("discard", plan), ("set", plan), ("edit", plan),
                      ("activity_remove", activity)):
        assert web.post(_url(name, obj), {"dagtekening": "2026-03-02"}).status_code == 404, name
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and Plan.objects.count() == 1 and PlanActivity.objects.count() == 1


def test_foreign_klantmanager_cannot_reach_the_home_plan_but_own_works(world, login):
    foreign_plan = _plan_with_activities(world, world.foreign_client, n=1)
    assert login(world.klantmanager).get(_url("detail", foreign_plan)).status_code == 404
    assert login(world.foreign_klantmanager).get(_url("detail", foreign_plan)).status_code == 200


def test_teamleider_may_work_on_the_plan(world, client_, login):
    plan = _plan_with_activities(world, client_)
    assert login(world.teamleider).get(_url("detail", plan)).status_code == 200
    assert login(world.teamleider).get(_url("edit", plan)).status_code == 200


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(_url("client", world.client))
    assert response.status_code == 302 and "login" in response["Location"]


# --- Settings -------------------------------------------------------------------------------------------------

def test_beheerder_edits_the_norms(world, login):
    web = login(world.beheerder)
    page = web.get(reverse("plans:settings")).content.decode()
    assert "Normen voor de leerroutes" in page and 'value="800"' in page
    data = {"z_route_language_hours": "900", "z_route_participation_hours": "800", "pvt_minimum_hours": "12",
            "map_practical_hours": "60", "attendance_threshold_percent": "75", "attendance_window_weeks": "4"}
    response = web.post(reverse("plans:settings"), data)
    assert response.status_code == 302
    settings = PlanSettings.objects.get(municipality=world.home)
    assert (settings.z_route_language_hours, settings.map_practical_hours) == (900, 60)
    assert AuditEvent.objects.get(action="plans.settings_changed").details == {
        "attendance_threshold_percent": 75, "map_practical_hours": 60, "z_route_language_hours": 900}
    response = web.post(reverse("plans:settings"), {**data, "attendance_threshold_percent": "0"})
    assert response.status_code == 200 and "utrecht-form-field--invalid" in response.content.decode()


@pytest.mark.parametrize("persona", ["klantmanager", "teamleider", "beleidsmedewerker", "partnermedewerker",
                                     "foreign_klantmanager"])
def test_others_may_not_edit_the_norms(world, login, persona):
    web = login(getattr(world, persona))
    assert web.get(reverse("plans:settings")).status_code == 403
    assert web.post(reverse("plans:settings"), {"pvt_minimum_hours": "1"}).status_code == 403
    assert not PlanSettings.objects.filter(pvt_minimum_hours=1).exists()


# --- Panel and query counts -----------------------------------------------------------------------------------

def _panel(user, client):
    request = RequestFactory().get("/")
    request.user = user
    return panels.plan_context(request, client)


def test_panel_query_count_is_fixed(world, client_, django_assert_num_queries):
    current = _plan_with_activities(world, client_, status=PlanStatus.SET, n=3)
    draft = _plan_with_activities(world, client_, n=6, version=2, previous=current, hours_available=20)
    access.memberships(world.klantmanager)
    with django_assert_num_queries(2):
        context = _panel(world.klantmanager, client_)
    assert context["current"]["plan"] == current and context["current"]["activity_count"] == 3
    assert context["draft"]["plan"] == draft and not context["draft"]["load_ok"]
    other = world.foreign_client
    with django_assert_num_queries(1):
        context = _panel(world.foreign_klantmanager, other)
    assert context["current"] is None and context["draft"] is None


def test_panel_on_the_client_page(world, client_, login):
    plan = _plan_with_activities(world, client_, hours_available=20)
    page = login(world.klantmanager).get(reverse("clients:detail", args=[client_.public_id])).content.decode()
    assert 'data-panel="persoonlijk-plan"' in page and "Persoonlijk plan (PIP)" in page
    assert _url("detail", plan) in page and "past niet in 17 weken" in page
    assert "plans/plans.css" in page


@pytest.mark.parametrize("versions", [1, 4])
def test_client_plan_page_query_count_is_fixed(world, client_, login, django_assert_max_num_queries, versions):
    previous = None
    for version in range(1, versions + 1):
        status = PlanStatus.DRAFT if version == versions else PlanStatus.REVISED
        previous = _plan_with_activities(world, client_, status=status, n=3, version=version, previous=previous,
                                         set_by=world.klantmanager if status != "draft" else None)
    web = login(world.klantmanager)
    web.get(_url("client", client_))
    with django_assert_max_num_queries(12):
        response = web.get(_url("client", client_))
    assert response.content.decode().count('data-version="') == versions


@pytest.mark.parametrize("n", [1, 8])
def test_detail_page_query_count_is_fixed(world, client_, login, django_assert_max_num_queries, n):
    plan = _plan_with_activities(world, client_, n=n)
    web = login(world.klantmanager)
    web.get(_url("detail", plan))
    with django_assert_max_num_queries(16):
        web.get(_url("detail", plan))


def test_diff_with_chosen_versions_and_hidden_care(world, client_, login):
    web = login(world.klantmanager)
    first = _plan_with_activities(world, client_, n=1)
    web.post(_url("set", first), {"dagtekening": "2026-03-02"})
    second = services.revise_plan(world.klantmanager, first)
    services.add_activity(world.klantmanager, second, activity_type="mental_health_addiction",
                          description="Verslavingszorg Tactus", hours_per_week=2, start=D(2026, 4, 6),
                          end=D(2026, 5, 31))
    # newest → oldest: the care activity was 'removed' going back
    page = web.get(_url("diff", first) + f"?from={second.public_id}&to={first.public_id}").content.decode()
    assert 'data-diff="removed"' in page and "Verslavingszorg Tactus" in page
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-same-team")
    page = login(colleague).get(_url("diff", second)).content.decode()
    assert 'data-diff="added"' in page and "Verslavingszorg" not in page and "Zorg (afgeschermd)" in page


def test_create_when_a_draft_exists_says_so(world, client_, login):
    PlanFactory(client=client_)
    response = login(world.klantmanager).post(_url("create", client_), follow=True)
    assert "Er is al een concept van het plan (versie 1)" in response.content.decode()
    assert Plan.objects.filter(client=client_).count() == 1
