"""The partner door: a partner user sees exactly the clients referred to their organisation under a basis
valid today (and, where that basis is consent, with consent given). Tested through the access door."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import RequestFactory

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import PartnerOrganisationFactory, user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.partners.models import LegalBasis
from meedoen.partners.tests.factories import DataFlowBasisFactory
from meedoen.referrals import services
from meedoen.referrals.models import ConsentDecision, ReferralStatus
from meedoen.referrals.tests.conftest import days_ago, today

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_partner_sees_only_referred_clients(world, referral):
    other = ClientFactory(municipality=world.home, team=world.team)
    assert list(access.partner_clients(world.partnermedewerker)) == [world.client]
    assert other not in access.partner_clients(world.partnermedewerker)
    client = access.get_client_for_partner(_request(world.partnermedewerker), world.client.public_id)
    assert client == world.client
    assert AuditEvent.objects.filter(action="client.partner_viewed", client_public_id=world.client.public_id).exists()


def test_partner_of_another_organisation_sees_nobody(world, referral):
    other_user = user_with_role(Role.PARTNERMEDEWERKER, world.home,
                                partner=PartnerOrganisationFactory(municipality=world.home))
    assert not access.partner_clients(other_user).exists()
    with pytest.raises(Http404):
        access.get_client_for_partner(_request(other_user), world.client.public_id)


def test_an_expired_basis_closes_the_door_and_a_renewal_reopens_it(world, referral, basis):
    basis.valid_until = days_ago(1)
    basis.save()
    assert not access.partner_clients(world.partnermedewerker).exists()
    with pytest.raises(Http404):
        access.get_client_for_partner(_request(world.partnermedewerker), world.client.public_id)
    DataFlowBasisFactory(partner=world.partner, basis=LegalBasis.PROCESSOR_AGREEMENT, valid_from=today())
    assert list(access.partner_clients(world.partnermedewerker)) == [world.client]


def test_a_renewal_of_another_kind_does_not_count(world, referral, basis):
    basis.valid_until = days_ago(1)
    basis.save()
    DataFlowBasisFactory(partner=world.partner, basis=LegalBasis.CONSENT, valid_from=today())
    assert not access.partner_clients(world.partnermedewerker).exists()


def test_withdrawn_consent_closes_the_door(world, activity, offer, basis):
    basis.basis = LegalBasis.CONSENT
    basis.save()
    services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.GIVEN, "Naam",
                            days_ago(10))
    services.create_referral(world.klantmanager, activity, offer)
    assert list(access.partner_clients(world.partnermedewerker)) == [world.client]
    services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.WITHDRAWN, "Naam",
                            today())
    assert not access.partner_clients(world.partnermedewerker).exists()
    with pytest.raises(Http404):
        access.get_client_for_partner(_request(world.partnermedewerker), world.client.public_id)


def test_withdrawn_before_sent_is_not_visible_but_withdrawn_after_sent_is(world, activity, offer):
    offer.capacity = 0
    offer.save()
    waiting = services.create_referral(world.klantmanager, activity, offer)
    assert waiting.status == ReferralStatus.WAITING
    assert list(access.partner_clients(world.partnermedewerker)) == [world.client]  # the partner's waiting list
    services.transition(world.klantmanager, waiting, ReferralStatus.WITHDRAWN, today(), reason="Ander aanbod")
    assert not access.partner_clients(world.partnermedewerker).exists()
    offer.capacity = 3
    offer.save()
    sent = services.create_referral(world.klantmanager, activity, offer)
    services.transition(world.klantmanager, sent, ReferralStatus.WITHDRAWN, today(), reason="Ander aanbod")
    assert list(access.partner_clients(world.partnermedewerker)) == [world.client]


def test_never_across_municipalities(world, referral):
    foreign_partner_user = user_with_role(Role.PARTNERMEDEWERKER, world.other,
                                          partner=PartnerOrganisationFactory(municipality=world.other))
    assert not access.partner_clients(foreign_partner_user).exists()
    assert not access.partner_clients(world.klantmanager).exists()


def test_the_scope_is_one_query(world, referral, django_assert_num_queries):
    access.memberships(world.partnermedewerker)
    with django_assert_num_queries(1):
        assert len(list(access.partner_clients(world.partnermedewerker))) == 1


def test_future_consent_does_not_count_yet(world, activity, offer, basis):
    basis.basis = LegalBasis.CONSENT
    basis.save()
    services.record_consent(world.klantmanager, world.client, world.partner, ConsentDecision.GIVEN, "Naam",
                            days_ago(3))
    services.create_referral(world.klantmanager, activity, offer)
    # A withdrawal dated later than today (entered by mistake elsewhere) does not decide today's access.
    from meedoen.referrals.models import Consent

    Consent.objects.create(client=world.client, municipality=world.home, partner=world.partner,
                           decision=ConsentDecision.WITHDRAWN, scope="x", decided_on=today() + dt.timedelta(days=3),
                           recorded_by=world.klantmanager)
    assert list(access.partner_clients(world.partnermedewerker)) == [world.client]
