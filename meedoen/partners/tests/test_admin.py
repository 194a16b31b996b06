import pytest
from django.urls import reverse

from meedoen.accounts.tests.factories import PartnerOrganisationFactory
from meedoen.partners.tests.factories import CovenantFactory, DataFlowBasisFactory, OfferFactory, PartnerContactFactory

pytestmark = pytest.mark.django_db

MODELS = ["covenant", "partnercontact", "dataflowbasis", "offer"]


def _rows(world):
    foreign = PartnerOrganisationFactory(municipality=world.other, name="Elders BV")
    own = {"covenant": CovenantFactory(partner=world.partner), "partnercontact": PartnerContactFactory(
        partner=world.partner), "dataflowbasis": DataFlowBasisFactory(partner=world.partner),
        "offer": OfferFactory(partner=world.partner)}
    other = {"covenant": CovenantFactory(partner=foreign), "partnercontact": PartnerContactFactory(partner=foreign),
             "dataflowbasis": DataFlowBasisFactory(partner=foreign), "offer": OfferFactory(partner=foreign)}
    return own, other


@pytest.mark.parametrize("model", MODELS)
def test_beheerder_sees_only_own_municipality_in_admin(world, login, model):
    own, other = _rows(world)
    http = login(world.beheerder)
    response = http.get(reverse(f"admin:partners_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert http.get(reverse(f"admin:partners_{model}_change", args=[own[model].pk])).status_code == 200
    foreign_change = http.get(reverse(f"admin:partners_{model}_change", args=[other[model].pk]))
    assert foreign_change.status_code in (302, 403, 404)
    add = http.get(reverse(f"admin:partners_{model}_add"))
    assert add.status_code == 200
    assert "Elders BV" not in add.content.decode()


def test_klantmanager_has_no_admin(world, login):
    response = login(world.klantmanager).get(reverse("admin:partners_offer_changelist"), follow=True)
    assert response.status_code == 403
