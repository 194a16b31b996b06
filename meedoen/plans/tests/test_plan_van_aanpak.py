"""The plan van aanpak: the plan of a client without a PIP (regime "none", bijstand only; or Wet inburgering 2013).

No learning route, A2 step-down, PVT, MAP, ontzorgen or route norms; setting needs the Participatiewet
obligations (when the client has bijstand) and records no PIP_SET milestone. Versions, the load check, the diff,
immutability and the PDF work as for a PIP; the pages and the PDF call it "Plan van aanpak".
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Regime
from meedoen.journey import services as journey_services
from meedoen.journey.models import ClientDeadline, DeadlineCode, Milestone, MilestoneKind
from meedoen.partners.tests.factories import OfferFactory
from meedoen.plans import services
from meedoen.plans.models import ImmutablePlanError, Plan, PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory

D = dt.date
FEB_2, JUNE_28 = D(2026, 2, 2), D(2026, 6, 28)
OBLIGATIONS = "Ingeschreven als werkzoekende; vier sollicitaties per maand; tegenprestatie: vrijwilligerswerk."


@pytest.fixture
def bijstand(world):
    """The world's client: no inburgering duty, on bijstand since January."""
    c = world.client
    assert c.regime == Regime.NONE
    journey_services.start_bijstand(actor=world.klantmanager, client=c, start=D(2026, 1, 5))
    return c


def _draft(world, client, **fields):
    plan = services.create_draft(world.klantmanager, client)
    if fields:
        services.update_draft(world.klantmanager, plan, **fields)
    return plan


def _activity(world, plan, description="Werkervaringsplaats", hours=20, start=FEB_2, end=JUNE_28,
              activity_type="work_experience"):
    return services.add_activity(world.klantmanager, plan, activity_type=activity_type, description=description,
                                 hours_per_week=Decimal(hours), start=start, end=end)


def _url(name, obj):
    return reverse(f"plans:{name}", args=[obj.public_id])


# --- Services -------------------------------------------------------------------------------------------------

def test_the_kind_of_plan_follows_the_regime(world, bijstand):
    assert not services.is_pip(bijstand)
    assert "route" not in services.plan_fields(bijstand)
    assert "participatiewet_obligations" in services.plan_fields(bijstand)
    bijstand.regime = Regime.WI2021
    assert services.is_pip(bijstand) and services.plan_fields(bijstand) == services.PLAN_FIELDS
    bijstand.regime = Regime.WI2013  # the Wet inburgering 2013 has no PIP (art. 15 Wi2021): a plan van aanpak
    assert not services.is_pip(bijstand) and services.plan_fields(bijstand) == services.plan_fields(world.client)
    assert services.is_wi2013(bijstand) and services.obligations_required(bijstand)


@pytest.mark.parametrize("fields", [
    {"route": "b1"}, {"pvt_intensity": "high"}, {"map_intensity": "low"},
    {"stepped_down_to_a2": True, "stepped_down_on": D(2026, 2, 1), "stepped_down_reason": "Niveau"},
    {"ontzorgen": True, "ontzorgen_until": D(2026, 6, 30)},
])
def test_inburgering_fields_are_refused_with_a_clear_rule(world, bijstand, fields):
    plan = _draft(world, bijstand)
    with pytest.raises(ValidationError) as exc:
        services.update_draft(world.klantmanager, plan, main_goal="Werk vinden", **fields)
    errors = exc.value.message_dict
    for name, value in fields.items():
        if value not in (None, "", False) and name in services.INBURGERING_FIELDS:
            assert errors[name] == [services.not_applicable_message()], name
    assert "Geldt niet voor een plan van aanpak" in services.not_applicable_message()
    stored = Plan.objects.get(pk=plan.pk)
    assert (stored.main_goal, stored.route, stored.pvt_intensity, stored.ontzorgen) == ("", "", "", False)
    assert not AuditEvent.objects.filter(action="plans.draft_updated").exists()


def test_the_plan_van_aanpak_saves_its_own_fields(world, bijstand):
    plan = _draft(world, bijstand, main_goal="Binnen een jaar parttime aan het werk", goal_work="Werkervaring",
                  goal_finance="Schulden geregeld", participatiewet_obligations=OBLIGATIONS, hours_available=32,
                  route="", pvt_intensity="", ontzorgen=False)
    plan.refresh_from_db()
    assert (plan.main_goal, plan.participatiewet_obligations, plan.hours_available) == (
        "Binnen een jaar parttime aan het werk", OBLIGATIONS, 32)


def test_pvt_and_map_are_no_activities_of_a_plan_van_aanpak(world, bijstand):
    plan = _draft(world, bijstand)
    for activity_type in ("pvt", "map_practice"):
        with pytest.raises(ValidationError) as exc:
            _activity(world, plan, activity_type=activity_type)
        assert exc.value.message_dict["activity_type"] == [services.inburgering_type_message()]
    offer = OfferFactory(partner=world.partner, activity_type="pvt", name="PVT")
    with pytest.raises(ValidationError) as exc:
        services.add_activity(world.klantmanager, plan, offer=offer, start=D(2026, 2, 2))
    assert exc.value.message_dict["offer"] == [services.inburgering_type_message()]
    activity = _activity(world, plan)
    with pytest.raises(ValidationError):
        services.update_activity(world.klantmanager, activity, activity_type="pvt")
    assert plan.activities.get().activity_type == "work_experience"


def test_setting_needs_the_obligations_not_a_route_and_records_no_pip_milestone(world, bijstand):
    plan = _draft(world, bijstand, main_goal="Aan het werk")
    _activity(world, plan)
    with pytest.raises(ValidationError) as exc:
        services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    assert exc.value.message_dict["__all__"] == ["Vul eerst de verplichtingen uit de Participatiewet in."]
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    services.update_draft(world.klantmanager, plan, participatiewet_obligations=OBLIGATIONS)
    services.set_plan(world.klantmanager, plan, D(2026, 3, 2))  # no intake milestone needed either
    plan.refresh_from_db()
    assert (plan.status, plan.dagtekening, plan.route, plan.set_by) == (PlanStatus.SET, D(2026, 3, 2), "",
                                                                        world.klantmanager)
    assert not Milestone.objects.filter(client=bijstand).exists()
    assert not ClientDeadline.objects.filter(client=bijstand, code=DeadlineCode.INBURGERING_TERM).exists()
    [event] = AuditEvent.objects.filter(action="plans.plan_set")
    assert event.details["milestone_version"] is None and event.details["version"] == 1


def test_without_any_bijstand_the_obligations_are_not_required(world):
    plan = _draft(world, world.client)
    _activity(world, plan, activity_type="volunteering", hours=4)
    services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SET
    assert not Milestone.objects.filter(kind=MilestoneKind.PIP_SET).exists()


def test_the_set_refusals_for_a_pip_still_hold(world):
    c = world.client
    c.regime, c.target_group = Regime.WI2021, "asielstatushouder"
    c.save()
    plan = _draft(world, c)
    with pytest.raises(ValidationError) as exc:
        services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    assert exc.value.message_dict["__all__"] == ["Kies eerst een leerroute.", "Voeg eerst minstens één activiteit toe."]


def test_load_check_versions_diff_and_immutability_work_the_same(world, bijstand):
    first = _draft(world, bijstand, participatiewet_obligations=OBLIGATIONS, hours_available=24)
    _activity(world, first, "werkervaringsplaats", 20, D(2026, 1, 5), D(2026, 1, 18))
    _activity(world, first, "competentietraining", 8, D(2026, 1, 5), D(2026, 1, 18), "skills_training")
    with pytest.raises(ValidationError) as exc:
        services.set_plan(world.klantmanager, first, D(2026, 1, 5))
    assert "De weekbelasting past niet (2 weken)" in exc.value.message_dict["override_reason"][0]
    services.set_plan(world.klantmanager, first, D(2026, 1, 5), override_reason="Training duurt maar twee weken")
    second = services.revise_plan(world.klantmanager, first)
    services.update_draft(world.klantmanager, second, goal_work="Parttime betaald werk")
    services.remove_activity(world.klantmanager, second.activities.get(description="competentietraining"))
    _activity(world, second, "parttime werk", 16, D(2026, 3, 2), D(2026, 8, 30), "paid_work")
    services.set_plan(world.klantmanager, second, D(2026, 3, 2))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.version) == (PlanStatus.REVISED, PlanStatus.SET, 2)
    assert first.load_override_reason and second.load_override_reason == ""  # the load fits now
    result = services.diff(first, second)
    assert [c.name for c in result.fields] == ["dagtekening", "goal_work"]
    assert [a.description for a in result.added] == ["parttime werk"]
    assert [a.description for a in result.removed] == ["competentietraining"]
    second.main_goal = "Iets anders"
    with pytest.raises(ImmutablePlanError):
        second.save()
    with pytest.raises(ValidationError):
        services.update_draft(world.klantmanager, second, main_goal="Iets anders")
    assert not Milestone.objects.filter(client=bijstand).exists()


def test_the_diff_of_a_plan_van_aanpak_leaves_the_inburgering_fields_out(world, bijstand):
    # A version from before a change of regime still holds a route; the diff of a plan van aanpak leaves it out.
    old = PlanFactory(client=bijstand, status=PlanStatus.REVISED, dagtekening=D(2025, 6, 2), route="b1",
                      pvt_intensity="high", goal_language="A2 halen")
    new = PlanFactory(client=bijstand, status=PlanStatus.SET, dagtekening=D(2026, 3, 2), version=2, previous=old,
                      route="", goal_language="Taaleis halen")
    fields = {c.name: c for c in services.diff(old, new).fields}
    assert set(fields) == {"dagtekening", "goal_language"}
    assert fields["goal_language"].label == "Doel taal"
    assert {c.name for c in services.diff(old, new, pip=True).fields} >= {"route", "pvt_intensity"}


def test_a_draft_from_before_a_change_of_regime_loses_its_inburgering_parts(world, bijstand):
    plan = PlanFactory(client=bijstand, route="b1", pvt_intensity="high", map_intensity="low",
                       participatiewet_obligations=OBLIGATIONS)
    PlanActivityFactory(plan=plan, activity_type="work_experience")
    pvt = PlanActivityFactory(plan=plan, activity_type="pvt")
    with pytest.raises(ValidationError) as exc:
        services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    assert "Haal PVT en MAP uit het plan" in exc.value.message_dict["__all__"][0]
    services.remove_activity(world.klantmanager, pvt)
    services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    plan.refresh_from_db()
    assert (plan.status, plan.route, plan.pvt_intensity, plan.map_intensity) == (PlanStatus.SET, "", "", "")
    # ... and editing such a draft clears them (they are ignored, not refused).
    draft = PlanFactory(client=world.foreign_client, route="z", ontzorgen=True, ontzorgen_until=D(2026, 6, 1))
    services.update_draft(world.foreign_klantmanager, draft, main_goal="Werk")
    draft.refresh_from_db()
    assert (draft.route, draft.ontzorgen, draft.ontzorgen_until, draft.main_goal) == ("", False, None, "Werk")


# --- Pages ----------------------------------------------------------------------------------------------------

def _pdf_text(content: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(io.BytesIO(content))
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_klantmanager_makes_and_sets_a_plan_van_aanpak(world, bijstand, login):
    web = login(world.klantmanager)
    OfferFactory(partner=world.partner, activity_type="pvt", name="PVT kernwaarden")
    wep = OfferFactory(partner=world.partner, activity_type="work_experience", name="Werkervaringsplaats groen",
                       hours_per_week=Decimal("20"), duration_weeks=26)
    page = web.get(_url("client", bijstand)).content.decode()
    assert ">Plan van aanpak</h1>" in page and "Persoonlijk plan" not in page
    response = web.post(_url("create", bijstand), follow=True)
    plan = Plan.objects.get(client=bijstand)
    assert "Het concept van het plan van aanpak (versie 1) is gemaakt." in response.content.decode()
    page = web.get(_url("edit", plan)).content.decode()
    for legend in ("Doelen", "Participatiewet", "Beschikbaarheid en kinderopvang", "Voortgang en contactpersoon"):
        assert f">{legend}</legend>" in page, legend
    for absent in ("Leerroute</legend>", "PVT en MAP</legend>", "Ontzorgen</legend>", 'name="route"',
                   'name="pvt_intensity"', 'name="ontzorgen"', 'name="stepped_down_to_a2"'):
        assert absent not in page, absent
    assert "verplichtingen uit de Participatiewet en minstens één activiteit" in page
    # A route in the POST is not a field of this form: ignored.
    response = web.post(_url("edit", plan), {"main_goal": "Parttime werk in het groen", "route": "b1",
                                             "hours_available": "24", "contact_person": world.klantmanager.pk})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.main_goal, plan.route) == ("Parttime werk in het groen", "")
    page = web.get(_url("activity_add", plan)).content.decode()
    assert "Werkervaringsplaats groen" in page and "PVT kernwaarden" not in page and 'value="pvt"' not in page
    web.post(_url("activity_add", plan), {"offer": str(wep.public_id), "start": "2026-03-02"})
    page = web.get(_url("set", plan)).content.decode()
    assert "De verplichtingen uit de Participatiewet zijn nog niet ingevuld." in page
    assert "Er hoort geen inburgeringstermijn bij." in page and "leerroute" not in page.lower()
    response = web.post(_url("set", plan), {"dagtekening": "2026-03-02"})
    assert "Vul eerst de verplichtingen uit de Participatiewet in." in response.content.decode()
    web.post(_url("edit", plan), {"main_goal": "Parttime werk in het groen", "hours_available": "24",
                                  "participatiewet_obligations": OBLIGATIONS,
                                  "contact_person": world.klantmanager.pk})
    response = web.post(_url("set", plan), {"dagtekening": "2026-03-02"}, follow=True)
    page = response.content.decode()
    assert "Het plan van aanpak (versie 1) is vastgesteld." in page
    assert ">Plan van aanpak, versie 1</h1>" in page and page.count("<h1") == 1
    assert "Leerroute" not in page and "PVT en MAP" not in page and "Ontzorgen" not in page
    assert OBLIGATIONS in page and "Kies een leerroute" not in page
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SET
    assert not Milestone.objects.filter(client=bijstand, kind=MilestoneKind.PIP_SET).exists()


def test_panel_and_client_page_say_plan_van_aanpak(world, bijstand, login):
    web = login(world.klantmanager)
    page = web.get(reverse("clients:detail", args=[bijstand.public_id])).content.decode()
    assert "Er is nog geen plan van aanpak." in page
    plan = PlanFactory(client=bijstand, route="", status=PlanStatus.SET, dagtekening=D(2026, 3, 2),
                       participatiewet_obligations=OBLIGATIONS)
    PlanActivityFactory(plan=plan, activity_type="volunteering", hours_per_week=4)
    page = web.get(reverse("clients:detail", args=[bijstand.public_id])).content.decode()
    panel = page[page.index('id="persoonlijk-plan"'):]
    panel = panel[:panel.index("</section>")]
    assert ">Plan van aanpak</h2>" in panel and "Leerroute" not in panel and "Persoonlijk plan" not in panel
    assert "Geldend plan: versie 1" in panel


def test_the_pdf_of_a_plan_van_aanpak(world, bijstand, login):
    plan = PlanFactory(client=bijstand, route="", status=PlanStatus.SET, dagtekening=D(2026, 3, 2),
                       main_goal="Parttime werk in het groen", participatiewet_obligations=OBLIGATIONS,
                       contact_person=world.klantmanager, goal_language="De taaleis halen")
    PlanActivityFactory(plan=plan, activity_type="work_experience", description="Werkervaringsplaats groen")
    response = login(world.klantmanager).get(_url("pdf", plan))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="plan-van-aanpak-versie-1.pdf"'
    text = " ".join(_pdf_text(response.content).split())
    for phrase in ("Uw plan", "Plan van aanpak (Participatiewet)", "om aan het werk te gaan of mee te doen",
                   "Parttime werk in het groen", "Werkervaringsplaats groen", "Uw plichten voor de bijstand",
                   "vier sollicitaties per maand", "uitkering een tijd verlagen", "De taaleis halen", "Handtekening"):
        assert phrase in text, phrase
    for absent in ("PIP", "inburgering", "Hoe leert u Nederlands?", "Participatieverklaring", "3 jaar"):
        assert absent not in text, absent


def test_the_pdf_of_a_pip_keeps_its_wording(world, login):
    c = world.client
    c.regime, c.target_group = Regime.WI2021, "asielstatushouder"
    c.save()
    plan = PlanFactory(client=c, status=PlanStatus.SET, dagtekening=D(2026, 3, 2), pvt_intensity="medium")
    PlanActivityFactory(plan=plan)
    response = login(world.klantmanager).get(_url("pdf", plan))
    assert response["Content-Disposition"] == 'inline; filename="persoonlijk-plan-versie-1.pdf"'
    text = " ".join(_pdf_text(response.content).split())
    assert "Persoonlijk plan inburgering en participatie (PIP)" in text and "Hoe leert u Nederlands?" in text
    assert "Plan van aanpak" not in text and "uitkering een tijd verlagen" not in text


def test_the_diff_page_of_a_plan_van_aanpak(world, bijstand, login):
    old = PlanFactory(client=bijstand, status=PlanStatus.REVISED, dagtekening=D(2025, 6, 2), route="b1",
                      goal_language="A2 halen")
    PlanFactory(client=bijstand, status=PlanStatus.SET, dagtekening=D(2026, 3, 2), version=2, previous=old,
                route="", goal_language="Taaleis halen")
    page = login(world.klantmanager).get(_url("diff", Plan.objects.get(version=2))).content.decode()
    assert 'data-field="goal_language"' in page and "Doel taal<" in page
    assert 'data-field="route"' not in page


@pytest.mark.parametrize("persona", ["colleague_other_team", "foreign_klantmanager", "beleidsmedewerker",
                                     "partnermedewerker"])
def test_others_cannot_set_or_print_a_plan_van_aanpak(world, bijstand, login, persona):
    plan = PlanFactory(client=bijstand, route="", participatiewet_obligations=OBLIGATIONS)
    PlanActivityFactory(plan=plan, activity_type="volunteering")
    web = login(getattr(world, persona))
    for name in ("detail", "edit", "set", "pdf", "diff"):
        assert web.get(_url(name, plan)).status_code == 404, name
    assert web.post(_url("set", plan), {"dagtekening": "2026-03-02"}).status_code == 404
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert not AuditEvent.objects.filter(action="plans.pdf_exported").exists()


# --- Wet inburgering 2013: a plan van aanpak, no PIP -----------------------------------------------------------

@pytest.fixture
def wi2013(world):
    """The world's client under the Wet inburgering 2013 (own course via DUO), without bijstand."""
    c = world.client
    c.regime, c.target_group = Regime.WI2013, "asielstatushouder"
    c.save()
    return c


WI2013_KM = "De inburgering van deze cliënt valt onder de Wet inburgering 2013"


def test_a_wi2013_client_gets_a_plan_van_aanpak_without_pip_milestone(world, wi2013):
    assert not services.is_pip(wi2013) and not services.obligations_required(wi2013)  # no bijstand: optional
    plan = _draft(world, wi2013, main_goal="Werk in de zorg", goal_language="Het inburgeringsexamen A2 halen")
    with pytest.raises(ValidationError) as exc:
        services.update_draft(world.klantmanager, plan, route="b1")
    assert exc.value.message_dict["route"] == [services.not_applicable_message()]
    with pytest.raises(ValidationError):
        _activity(world, plan, activity_type="pvt")
    _activity(world, plan, "Taalles A2 (avondgroep)", 6, activity_type="language_course")
    _activity(world, plan, "Vrijwilligerswerk", 4, activity_type="volunteering")
    assert services.set_requirements(plan, list(plan.activities.all())) == []
    services.set_plan(world.klantmanager, plan, D(2026, 3, 2))  # no route, no obligations, no intake milestone
    plan.refresh_from_db()
    assert (plan.status, plan.route, plan.participatiewet_obligations) == (PlanStatus.SET, "", "")
    assert not Milestone.objects.filter(client=wi2013, kind=MilestoneKind.PIP_SET).exists()
    assert not ClientDeadline.objects.filter(client=wi2013, code=DeadlineCode.INBURGERING_TERM).exists()
    [event] = AuditEvent.objects.filter(action="plans.plan_set")
    assert event.details["milestone_version"] is None


def test_a_wi2013_client_with_bijstand_needs_the_obligations(world, wi2013):
    journey_services.start_bijstand(actor=world.klantmanager, client=wi2013, start=D(2026, 1, 5))
    assert services.obligations_required(wi2013)
    plan = _draft(world, wi2013)
    _activity(world, plan)
    with pytest.raises(ValidationError) as exc:
        services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    assert exc.value.message_dict["__all__"] == ["Vul eerst de verplichtingen uit de Participatiewet in."]
    services.update_draft(world.klantmanager, plan, participatiewet_obligations=OBLIGATIONS)
    services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SET
    assert not Milestone.objects.filter(client=wi2013, kind=MilestoneKind.PIP_SET).exists()


def test_the_wi2021_pip_is_unchanged(world):
    c = world.client
    c.regime, c.target_group = Regime.WI2021, "asielstatushouder"
    c.save()
    assert services.is_pip(c) and not services.is_wi2013(c) and not services.obligations_required(c)
    plan = _draft(world, c, route="b1")
    assert Plan.objects.get(pk=plan.pk).route == "b1"
    _activity(world, plan, "PVT", 4, activity_type="pvt")  # PVT belongs to the PIP
    with pytest.raises(ValidationError) as exc:  # the PIP milestone needs the intake first
        services.set_plan(world.klantmanager, plan, D(2026, 3, 2))
    assert "Het plan is niet vastgesteld:" in exc.value.messages


def test_the_pages_of_a_wi2013_plan_van_aanpak(world, wi2013, login):
    web = login(world.klantmanager)
    page = web.get(_url("client", wi2013)).content.decode()
    assert ">Plan van aanpak</h1>" in page and "Persoonlijk plan" not in page and WI2013_KM in page
    panel = web.get(reverse("clients:detail", args=[wi2013.public_id])).content.decode()
    assert "Er is nog geen plan van aanpak." in panel
    web.post(_url("create", wi2013))
    plan = Plan.objects.get(client=wi2013)
    page = web.get(_url("edit", plan)).content.decode()
    assert 'name="route"' not in page and 'name="pvt_intensity"' not in page and WI2013_KM in page
    assert "Niet nodig om het plan vast te stellen: deze cliënt heeft geen bijstand." in page
    assert "Bij het vaststellen moet er minstens één activiteit in staan." in page
    assert "inburgeringsexamen op niveau A2" in page
    _activity(world, plan, activity_type="volunteering", hours=4)
    page = web.get(_url("set", plan)).content.decode()
    assert WI2013_KM in page and "inburgeringstermijn van drie jaar" not in page
    assert "Er hoort geen inburgeringstermijn bij." not in page and "nog niet ingevuld" not in page
    response = web.post(_url("set", plan), {"dagtekening": "2026-03-02"}, follow=True)
    page = response.content.decode()
    assert "Het plan van aanpak (versie 1) is vastgesteld." in page and ">Plan van aanpak, versie 1</h1>" in page
    assert WI2013_KM in page and "Leerroute" not in page


def test_the_pdf_of_a_wi2013_plan_van_aanpak(world, wi2013, login):
    plan = PlanFactory(client=wi2013, route="", status=PlanStatus.SET, dagtekening=D(2026, 3, 2),
                       main_goal="Werk in de zorg", goal_language="Het inburgeringsexamen A2 halen")
    PlanActivityFactory(plan=plan, activity_type="volunteering", description="Vrijwilligerswerk in de buurt")
    response = login(world.klantmanager).get(_url("pdf", plan))
    assert response["Content-Disposition"] == 'inline; filename="plan-van-aanpak-versie-1.pdf"'
    text = " ".join(_pdf_text(response.content).split())
    for phrase in ("Plan van aanpak (Participatiewet)", "Uw inburgering valt onder de Wet inburgering 2013: die "
                   "regelt u zelf, met DUO.", "Vrijwilligerswerk in de buurt", "Het inburgeringsexamen A2 halen"):
        assert phrase in text, phrase
    for absent in ("PIP", "Hoe leert u Nederlands?", "Participatieverklaring", "3 jaar", "Hoe lang heeft u?",
                   "Uw plichten voor de bijstand"):
        assert absent not in text, absent
