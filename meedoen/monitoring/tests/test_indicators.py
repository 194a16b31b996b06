"""Indicator definitions: complete as data, and readable on the page for the figure roles only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meedoen.monitoring import indicators
from meedoen.monitoring.survival import MEASURES

URL = reverse("monitoring:indicators")


def test_every_survival_measure_is_defined_in_full():
    for measure in MEASURES:
        item = indicators.get(measure)
        assert item.status == indicators.NOW
        assert item.section == indicators.OUTCOMES
        assert all(str(text) for text in (item.name, item.counted, item.source, item.as_of, item.start_event,
                                          item.censoring))


def test_later_indicators_cover_the_rest_of_the_issue():
    later = {i.section for i in indicators.INDICATORS if i.status == indicators.LATER}
    assert later == {indicators.TARGETS, indicators.PROCESS, indicators.CASELOAD, indicators.HOUSING,
                     indicators.EQUITY}
    codes = [i.code for i in indicators.INDICATORS]
    assert len(codes) == len(set(codes))


def test_exam_definition_says_which_components_count():
    text = str(indicators.get("exam_passed").counted)
    assert "lezen, luisteren, schrijven en spreken" in text
    assert "A2 of hoger" in text and "Staatsexamen NT2" in text and "KNM" in text


@pytest.mark.parametrize("persona", ["teamleider", "beleidsmedewerker", "beheerder"])
def test_page_content(world, login, persona):
    response = login(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Definities van de indicatoren" in page
    for item in indicators.INDICATORS:
        assert f'data-indicator="{item.code}"' in page
    for heading in ("Wat telt", "Uit welke gegevens", "Peildatum", "Telt vanaf", "Nog onderweg"):
        assert heading in page
    # Filters and segments, including the gender segment that is not recorded yet.
    assert "Geslacht" in page and "Wordt nog niet vastgelegd" in page
    assert "jonger dan 27, 27 tot en met 44, 45 en ouder" in page
    assert "(volgt later)" in page and "(op het dashboard)" in page
    assert "&lt;5" in page or "“<5”" in page


@pytest.mark.parametrize("persona", ["klantmanager", "colleague_other_team", "partnermedewerker"])
def test_page_refused_to_other_roles(world, login, persona):
    assert login(getattr(world, persona)).get(URL).status_code == 403
