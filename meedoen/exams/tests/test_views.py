"""Exam pages and the client-page panel: what they show, what they change, who is denied, query counts."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from meedoen.accounts import access
from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.exams import panels, services
from meedoen.exams.models import ExamAttempt, MapTheme, ModuleProgress

from .conftest import attend, days_ago, set_plan


def _url(name, client, *args):
    return reverse(f"exams:{name}", args=[client.public_id, *args])


def _attempt(world, client, component="reading", level="b1", **kwargs):
    kwargs.setdefault("taken_on", days_ago(30))
    return services.record_exam_attempt(actor=world.klantmanager, client=client, component=component, level=level,
                                        **kwargs)


@pytest.fixture
def only_exams_panel(monkeypatch):
    """The client page with this app's panel only (other apps' panels are tested by those apps)."""
    from meedoen.clients import panels as registry

    monkeypatch.setattr(registry, "_registry", {panels.KEY: registry._registry[panels.KEY]})


# --- Overview page ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["klantmanager", "teamleider"])
def test_overview_shows_checklist_attempts_modules_and_hours(world, inburgeraar, login, persona):
    km = world.klantmanager
    plan = set_plan(inburgeraar, route="z")
    attend(plan, "language_course", [12.5, 10], first_week_ago=10, user=km)
    _attempt(world, inburgeraar, "knm", level="", result="failed", result_on=days_ago(20))
    _attempt(world, inburgeraar, "knm", level="")
    services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=8,
                                  map_themes_done=["netwerk", "werkcultuur"])
    response = login(getattr(world, persona)).get(_url("client", inburgeraar))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "Z-route" in body and "Nog nodig:" in body
    assert 'data-requirement="z_language_hours" data-met="false"' in body
    assert "22,5" in body  # hours attended, Dutch decimal comma
    assert '<progress class="meedoen-exams-progress" max="800" value="22.5"' in body
    assert 'data-component="knm"' in body and 'data-attempt="2"' in body
    assert 'data-free-left="0"' in body  # two KNM attempts: no free ones left
    assert "2 van 8" in body  # MAP themes
    assert "exams/exams.css" in body and "<script" not in body and "style=" not in body
    event = AuditEvent.objects.filter(action="exams.client_viewed").latest("id")
    assert event.client_public_id == inburgeraar.public_id


def test_overview_for_a_client_without_a_plan(world, inburgeraar, login):
    body = login(world.klantmanager).get(_url("client", inburgeraar)).content.decode()
    assert "vastgesteld PIP met leerroute" in body
    assert 'data-component="ona"' not in body  # ONA only under Wi2013


def test_overview_shows_the_fulfilment_date(world, inburgeraar, login):
    inburgeraar.regime = "wi2013"
    inburgeraar.save(update_fields=["regime"])
    for component in ("reading", "listening", "writing", "speaking"):
        _attempt(world, inburgeraar, component, "a2", result="passed", result_on=days_ago(20))
    for component in ("knm", "ona"):
        _attempt(world, inburgeraar, component, "", result="passed", result_on=days_ago(15))
    services.save_module_progress(actor=world.klantmanager, client=inburgeraar, pvt_hours=12,
                                  pvt_signed_on=days_ago(9))
    body = login(world.klantmanager).get(_url("client", inburgeraar)).content.decode()
    assert 'data-fulfilment="fulfilled"' in body
    assert f"voldaan op {days_ago(9):%d-%m-%Y}" in body
    assert f"In het traject vastgelegd op {days_ago(9):%d-%m-%Y}" in body


def test_overview_query_count_does_not_grow(world, inburgeraar, login, django_assert_max_num_queries):
    web = login(world.klantmanager)
    plan = set_plan(inburgeraar, route="b1")
    _attempt(world, inburgeraar)
    web.get(_url("client", inburgeraar))  # warm up (session, sites)
    with django_assert_max_num_queries(20) as few:
        web.get(_url("client", inburgeraar))
    for component in ("reading", "listening", "writing", "speaking", "knm"):
        for _ in range(3):
            _attempt(world, inburgeraar, component, "b1" if component != "knm" else "",
                     result="failed", result_on=days_ago(10))
    attend(plan, "language_course", [8] * 10, first_week_ago=12, user=world.klantmanager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        web.get(_url("client", inburgeraar))


# --- Recording an attempt, a result, modules ---------------------------------------------------------------------

def test_record_attempt_through_the_form(world, inburgeraar, login):
    web = login(world.klantmanager)
    assert web.get(_url("attempt_add", inburgeraar)).status_code == 200
    response = web.post(_url("attempt_add", inburgeraar), {
        "component": "speaking", "level": "b1", "taken_on": days_ago(5).isoformat(), "result": "pending"})
    assert response.status_code == 302 and response.url == _url("client", inburgeraar)
    attempt = ExamAttempt.objects.get()
    assert (attempt.component, attempt.level, attempt.attempt, attempt.free) == ("speaking", "b1", 1, True)


def test_attempt_form_shows_dutch_errors_and_saves_nothing(world, inburgeraar, login):
    web = login(world.klantmanager)
    response = web.post(_url("attempt_add", inburgeraar), {
        "component": "reading", "level": "", "taken_on": days_ago(5).isoformat(), "result": "pending"})
    assert response.status_code == 200
    assert "Kies het niveau van dit examen" in response.content.decode()
    response = web.post(_url("attempt_add", inburgeraar), {
        "component": "reading", "level": "b1", "taken_on": days_ago(-2).isoformat(), "result": "pending"})
    assert "Een datum in de toekomst kan niet" in response.content.decode()
    assert not ExamAttempt.objects.exists()


def test_ona_is_not_offered_under_wi2021(world, inburgeraar, login):
    body = login(world.klantmanager).get(_url("attempt_add", inburgeraar)).content.decode()
    assert 'value="ona"' not in body and 'value="staatsexamen_1"' in body


def test_record_result_through_the_form(world, inburgeraar, login):
    attempt = _attempt(world, inburgeraar, taken_on=days_ago(40))
    web = login(world.klantmanager)
    assert web.get(_url("attempt_result", inburgeraar, attempt.public_id)).status_code == 200
    response = web.post(_url("attempt_result", inburgeraar, attempt.public_id),
                        {"result": "passed", "result_on": days_ago(3).isoformat()})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.result, attempt.result_on) == ("passed", days_ago(3))
    response = web.post(_url("attempt_result", inburgeraar, attempt.public_id),
                        {"result": "failed", "result_on": days_ago(41).isoformat()})
    assert "vóór de examendatum" in response.content.decode()


def test_result_of_another_clients_attempt_is_404(world, inburgeraar, login):
    other = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                          regime="wi2021", target_group="overig")
    attempt = _attempt(world, other)
    web = login(world.klantmanager)
    assert web.get(_url("attempt_result", inburgeraar, attempt.public_id)).status_code == 404
    assert web.post(_url("attempt_result", inburgeraar, attempt.public_id),
                    {"result": "passed", "result_on": days_ago(1).isoformat()}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.result == "pending"


def test_modules_form_saves_themes_and_dates(world, inburgeraar, login):
    set_plan(inburgeraar, route="b1")
    web = login(world.klantmanager)
    body = web.get(_url("modules", inburgeraar)).content.decode()
    assert "<legend" in body and body.count('name="map_themes_done"') == 8
    assert 'name="z_final_conversation_on"' not in body  # not in the B1-route
    response = web.post(_url("modules", inburgeraar), {
        "pvt_hours": "12", "pvt_signed_on": days_ago(4).isoformat(),
        "map_themes_done": [MapTheme.NETWERK, MapTheme.WERK_VINDEN], "map_practical_hours": "",
        "map_final_conversation_on": ""})
    assert response.status_code == 302
    progress = ModuleProgress.objects.get()
    assert progress.pvt_hours == 12 and progress.map_themes_done == ["netwerk", "werk_vinden"]
    assert progress.map_practical_hours == 0 and progress.map_final_conversation_on is None


def test_modules_form_errors(world, inburgeraar, login):
    web = login(world.klantmanager)
    response = web.post(_url("modules", inburgeraar), {"pvt_hours": "5", "pvt_signed_on": days_ago(-1).isoformat(),
                                                       "map_themes_done": ["koken"]})
    body = response.content.decode()
    assert response.status_code == 200 and not ModuleProgress.objects.exists()
    assert "Selecteer een geldige keuze" in body
    response = web.post(_url("modules", inburgeraar), {"pvt_hours": "5", "pvt_signed_on": days_ago(-1).isoformat()})
    assert "Een datum in de toekomst kan niet" in response.content.decode()
    assert not ModuleProgress.objects.exists()


def test_modules_form_for_the_onderwijsroute_has_no_map(world, inburgeraar, login):
    set_plan(inburgeraar, route="education")
    body = login(world.klantmanager).get(_url("modules", inburgeraar)).content.decode()
    assert 'name="pvt_hours"' in body and 'name="map_themes_done"' not in body


# --- Denied cases -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("persona", "status"), [
    ("colleague_other_team", 404), ("foreign_klantmanager", 404),
    ("beleidsmedewerker", 403), ("partnermedewerker", 403), ("beheerder", 403),
])
def test_denied(world, inburgeraar, login, persona, status):
    attempt = _attempt(world, inburgeraar)
    web = login(getattr(world, persona))
    for name, args in (("client", []), ("attempt_add", []), ("attempt_result", [attempt.public_id]),
                       ("modules", [])):
        assert web.get(_url(name, inburgeraar, *args)).status_code == status, name
    new_attempt = {"component": "knm", "level": "", "taken_on": days_ago(1).isoformat(), "result": "pending"}
    assert web.post(_url("attempt_add", inburgeraar), new_attempt).status_code == status
    assert web.post(_url("attempt_result", inburgeraar, attempt.public_id), {
        "result": "passed", "result_on": days_ago(1).isoformat()}).status_code == status
    assert web.post(_url("modules", inburgeraar), {"pvt_hours": "12"}).status_code == status
    assert ExamAttempt.objects.count() == 1 and ExamAttempt.objects.get().result == "pending"
    assert not ModuleProgress.objects.exists()
    assert not AuditEvent.objects.filter(action="exams.client_viewed").exists()


def test_other_municipality_client_is_404_for_own_klantmanager(world, login):
    web = login(world.klantmanager)
    assert web.get(_url("client", world.foreign_client)).status_code == 404
    assert web.get(_url("modules", world.foreign_client)).status_code == 404


def test_anonymous_is_sent_to_login(world, inburgeraar, client):
    response = client.get(_url("client", inburgeraar))
    assert response.status_code == 302 and "login" in response.url


# --- Panel --------------------------------------------------------------------------------------------------------

def _panel(user, client):
    request = RequestFactory().get("/")
    request.user = user
    return panels.inburgering_context(request, client)


def test_panel_hidden_without_a_duty(world):
    assert _panel(world.klantmanager, world.client) is None  # regime "none"


def test_panel_summary(world, inburgeraar):
    set_plan(inburgeraar, route="b1")
    _attempt(world, inburgeraar, "knm", "", result="passed", result_on=days_ago(3))
    _attempt(world, inburgeraar, "speaking", "b1")
    context = _panel(world.klantmanager, inburgeraar)
    assert (context["attempts"], context["passed"], context["pending"]) == (2, 1, 1)
    assert context["fulfilment"].summary.startswith("lezen B1, luisteren B1, schrijven B1, spreken B1, PVT-uren")


def test_panel_query_count_is_fixed(world, inburgeraar, django_assert_num_queries):
    plan = set_plan(inburgeraar, route="z")
    attend(plan, "language_course", [10] * 6, first_week_ago=8, user=world.klantmanager)
    for _ in range(5):
        _attempt(world, inburgeraar, "reading", "a2", result="failed", result_on=days_ago(5))
    access.memberships(world.klantmanager)
    with django_assert_num_queries(7):
        _panel(world.klantmanager, inburgeraar)


@pytest.mark.usefixtures("only_exams_panel")
def test_client_page_shows_the_panel(world, inburgeraar, login):
    set_plan(inburgeraar, route="b1")
    body = login(world.klantmanager).get(reverse("clients:detail", args=[inburgeraar.public_id])).content.decode()
    assert 'id="inburgering"' in body and "Inburgering: examens en modules" in body
    assert "Nog nodig:" in body and _url("client", inburgeraar) in body
    assert "exams/exams.css" in body


def test_overview_says_when_the_milestone_is_not_there_yet(world, inburgeraar, login):
    km = world.klantmanager
    set_plan(inburgeraar, route="education", pip_milestone=False)
    _attempt(world, inburgeraar, "staatsexamen_1", "", result="passed", result_on=days_ago(20))
    _attempt(world, inburgeraar, "knm", "", result="passed", result_on=days_ago(15))
    services.save_module_progress(actor=km, client=inburgeraar, pvt_hours=12, pvt_signed_on=days_ago(9))
    body = login(km).get(_url("client", inburgeraar)).content.decode()
    assert 'data-fulfilment="fulfilled"' in body
    assert "Dit staat nog niet als mijlpaal in het traject" in body
