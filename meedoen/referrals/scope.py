"""Which referrals (and so which clients) a partner organisation may see, and on which legal basis.

The rule (domain.md, Data protection; architecture.md, Who sees what):

* a referral to the partner counts unless it was withdrawn before it was ever sent;
* the data flow to the partner needs a legal basis valid today: the referral's basis, or a renewal of it
  (another ``DataFlowBasis`` of the same partner with the same kind, valid today — so a renewed processor
  agreement keeps the flow going without touching every referral);
* where that basis is consent, the client's latest consent decision for that partner must be "given"
  (refused or withdrawn consent closes the flow at once).

``partner_scope`` turns this into a ``Q`` on ``Client`` rows for the access door
(``accounts.access.register_partner_scope``); ``qualifying_referrals`` gives the referrals themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from meedoen.partners.models import DataFlowBasis, LegalBasis
from meedoen.referrals.models import Consent, ConsentDecision, Referral, ReferralStatus


def valid_on_q(day: dt.date, prefix: str = "") -> Q:
    """A ``DataFlowBasis`` valid on ``day`` (``prefix`` e.g. ``"basis__"`` from a related model)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day}))


def latest_consent_decision(day: dt.date) -> Subquery:
    """The latest consent decision (on or before ``day``) for the outer row's client and partner."""
    return Subquery(
        Consent.objects.filter(client_id=OuterRef("client_id"), partner_id=OuterRef("partner_id"),
                               decided_on__lte=day)
        .order_by("-decided_on", "-id").values("decision")[:1])


def qualifying_referrals(partner_ids: Iterable[int], today: dt.date | None = None) -> QuerySet[Referral]:
    """Referrals to these partners through which the partner may see the client today."""
    today = today or timezone.localdate()
    basis_in_force = DataFlowBasis.objects.filter(
        valid_on_q(today), partner_id=OuterRef("partner_id"), basis=OuterRef("basis__basis"))
    return (
        Referral.objects.filter(partner_id__in=list(partner_ids))
        .exclude(status=ReferralStatus.WITHDRAWN, sent_on__isnull=True)
        .annotate(_basis_in_force=Exists(basis_in_force), _consent=latest_consent_decision(today))
        .filter(_basis_in_force=True)
        .filter(~Q(basis__basis=LegalBasis.CONSENT) | Q(_consent=ConsentDecision.GIVEN))
    )


def partner_scope(partner_ids: list[int]) -> Q:
    """The clients partner users of these organisations may see (registered with the access door)."""
    return Q(pk__in=qualifying_referrals(partner_ids).values("client_id"))


def partner_referrals(user) -> QuerySet[Referral]:
    """The referrals a partner user may open: qualifying referrals to their organisation(s), of clients the
    access door lets them see (same municipality as their membership)."""
    from meedoen.accounts import access

    ids = access.partner_ids(user)
    if not ids:
        return Referral.objects.none()
    return qualifying_referrals(ids).filter(client__in=access.partner_clients(user))
