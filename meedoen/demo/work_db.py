"""Writing a municipality's work data (``demo.work``) to the database in bulk, and reading it back in the
canonical rows of ``work.work_rows`` (the digest that proves the database holds the plan).

After the rows are in, the matching read-model is rebuilt by the work app itself
(``meedoen.work.profiles.rebuild``), as it is after any bulk load.
"""

from __future__ import annotations

from collections.abc import Iterable

from meedoen.accounts.models import Municipality, User
from meedoen.demo.bulk import insert_rows
from meedoen.demo.programme import row
from meedoen.demo.work import WorkPlan
from meedoen.journey.models import LadderMeasurement
from meedoen.work.models import (
    Certificate,
    CooperationAgreement,
    Employer,
    EmployerContact,
    Placement,
    ProcurementContract,
    Proposal,
    Provider,
    Trajectory,
    Vacancy,
    WorkProfile,
    WorkSettings,
)


def _ids(model, municipality: Municipality) -> dict:
    return dict(model.objects.filter(municipality=municipality).values_list("public_id", "id"))


def write_work(work: WorkPlan, municipality: Municipality, client_of: dict[str, int],
               users: dict[str, User]) -> dict[str, int]:
    """Bulk-write one municipality's work data; returns the number of rows by kind."""
    mid = municipality.pk
    certificates = dict(Certificate.objects.values_list("name", "id"))

    def user(username: str) -> int | None:
        return users[username].pk if username else None

    counts: dict[str, int] = {}
    WorkSettings.objects.update_or_create(municipality=municipality, defaults={
        "norm_single": work.norm_single, "norm_couple": work.norm_couple, "norms_valid_from": work.norms_valid_from})
    counts["employers"] = insert_rows(Employer, ("public_id", "municipality_id", "name", "kvk_number", "sector", "city",
                                                 "notes", "active"), [
        (e.public_id, mid, e.name, e.kvk_number, e.sector, e.city, e.notes, True) for e in work.employers])
    employers = _ids(Employer, municipality)
    counts["employer_contacts"] = insert_rows(EmployerContact, (
        "public_id", "employer_id", "municipality_id", "name", "function", "phone", "email"), [
        (c.public_id, employers[c.employer], mid, c.name, c.function, c.phone, c.email) for c in work.contacts])
    counts["agreements"] = insert_rows(CooperationAgreement, (
        "public_id", "employer_id", "municipality_id", "start", "end", "committed_jobs", "committed_work_experience",
        "committed_other", "municipality_offers", "signed_on"), [
        (a.public_id, employers[a.employer], mid, a.start, a.end, a.committed_jobs, a.committed_work_experience,
         a.committed_other, a.municipality_offers, a.signed_on) for a in work.agreements])
    counts["vacancies"] = insert_rows(Vacancy, (
        "public_id", "municipality_id", "employer_id", "title", "occupation", "sector", "kind", "hours_per_week",
        "location", "start", "duration_weeks", "capacity", "description", "required_reading", "required_listening",
        "required_writing", "required_speaking", "language_reason", "requires_driving_licence", "status",
        "created_by_id"), [
        (v.public_id, mid, employers[v.employer], v.title, v.occupation, v.sector, v.kind, v.hours_per_week,
         v.location, v.start, v.duration_weeks, v.capacity, v.description, v.required_reading, v.required_listening,
         v.required_writing, v.required_speaking, v.language_reason, v.requires_driving_licence, v.status,
         user(v.created_by)) for v in work.vacancies])
    vacancies = _ids(Vacancy, municipality)
    insert_rows(Vacancy.certificates.through, ("vacancy_id", "certificate_id"), [
        (vacancies[v.public_id], certificates[name]) for v in work.vacancies for name in v.certificates])
    counts["work_profiles"] = insert_rows(WorkProfile, (
        "public_id", "client_id", "municipality_id", "experience_occupation", "experience_sectors", "experience_years",
        "desired_sectors", "desired_kinds", "desired_hours", "preferred_locations", "driving_licence",
        "updated_by_id"), [
        (p.public_id, client_of[p.client], mid, p.experience_occupation, list(p.experience_sectors),
         p.experience_years, list(p.desired_sectors), list(p.desired_kinds), p.desired_hours, p.preferred_locations,
         p.driving_licence, user(p.updated_by)) for p in work.profiles])
    profiles = _ids(WorkProfile, municipality)
    insert_rows(WorkProfile.certificates.through, ("workprofile_id", "certificate_id"), [
        (profiles[p.public_id], certificates[name]) for p in work.profiles for name in p.certificates])
    counts["proposals"] = insert_rows(Proposal, (
        "public_id", "municipality_id", "vacancy_id", "client_id", "status", "proposed_on", "share_basis",
        "consent_on", "shared_data", "score", "interview_on", "decided_on", "not_hired_reason", "note",
        "proposed_by_id"), [
        (p.public_id, mid, vacancies[p.vacancy], client_of[p.client], p.status, p.proposed_on, p.share_basis,
         p.consent_on, p.shared_data, p.score, p.interview_on, p.decided_on, p.not_hired_reason, p.note,
         user(p.proposed_by)) for p in work.proposals])
    proposals = _ids(Proposal, municipality)
    counts["placements"] = insert_rows(Placement, (
        "public_id", "municipality_id", "client_id", "kind", "employer_id", "vacancy_id", "proposal_id", "occupation",
        "start", "end", "end_reason", "hours_per_week", "contract_type", "monthly_wage", "bijstand_norm", "outflow",
        "job_coach", "wage_cost_subsidy", "wage_value_percent", "recorded_by_id"), [
        (p.public_id, mid, client_of[p.client], p.kind, employers[p.employer],
         vacancies[p.vacancy] if p.vacancy else None, proposals[p.proposal] if p.proposal else None, p.occupation,
         p.start, p.end, p.end_reason, p.hours_per_week, p.contract_type, p.monthly_wage, p.bijstand_norm, p.outflow,
         p.job_coach, p.wage_cost_subsidy, p.wage_value_percent, user(p.recorded_by)) for p in work.placements])
    counts["ladder_at_placement"] = insert_rows(LadderMeasurement, (
        "public_id", "client_id", "municipality_id", "measured_on", "rung", "recorded_by_id"), [
        (m.public_id, client_of[m.client], mid, m.measured_on, m.rung, user(m.recorded_by)) for m in work.ladder])
    counts["providers"] = insert_rows(Provider, ("public_id", "municipality_id", "name", "kvk_number"), [
        (p.public_id, mid, p.name, p.kvk_number) for p in work.providers])
    providers = _ids(Provider, municipality)
    insert_rows(ProcurementContract, (
        "public_id", "municipality_id", "provider_id", "reference", "trajectory_type", "start", "end", "price",
        "promised_success_percent", "success_window_months"), [
        (c.public_id, mid, providers[c.provider], c.reference, c.trajectory_type, c.start, c.end, c.price,
         c.promised_success_percent, c.success_window_months) for c in work.contracts])
    contracts = _ids(ProcurementContract, municipality)
    counts["trajectories"] = insert_rows(Trajectory, (
        "public_id", "municipality_id", "contract_id", "client_id", "start", "end", "result", "result_on",
        "recorded_by_id"), [
        (t.public_id, mid, contracts[t.contract], client_of[t.client], t.start, t.end, t.result, t.result_on,
         user(t.recorded_by)) for t in work.trajectories])
    return counts


def rebuild_match_profiles(municipality_ids: list[int]) -> None:
    """The matching read-model of these municipalities, built by the work app from what was written."""
    from meedoen.work import profiles

    profiles.rebuild(municipality_ids=municipality_ids)


def _username(value: str | None) -> str:
    return value or ""


def work_records(municipalities: Iterable[Municipality]) -> list[list]:
    """The work rows as they stand in the database, in the form of ``work.work_rows`` (the Participatieladder
    measurements are read with the journeys)."""
    of = {"municipality__in": list(municipalities)}
    rows: list[list] = []
    for values in WorkSettings.objects.filter(**of).values_list("municipality__cbs_code", "norm_single",
                                                                "norm_couple", "norms_valid_from"):
        rows.append(row("work_settings", *values))
    for values in Employer.objects.filter(**of).values_list("public_id", "municipality__cbs_code", "name",
                                                            "kvk_number", "sector", "city", "notes"):
        rows.append(row("employer", *values))
    for values in EmployerContact.objects.filter(**of).values_list("public_id", "employer__name", "name", "function",
                                                                   "phone", "email"):
        rows.append(row("employer_contact", *values))
    for values in CooperationAgreement.objects.filter(**of).values_list(
            "public_id", "employer__name", "start", "end", "committed_jobs", "committed_work_experience",
            "committed_other", "municipality_offers", "signed_on"):
        rows.append(row("agreement", *values))
    certificates: dict[int, list[str]] = {}
    for vacancy_id, name in Vacancy.certificates.through.objects.filter(
            vacancy__municipality__in=of["municipality__in"]).values_list("vacancy_id", "certificate__name"):
        certificates.setdefault(vacancy_id, []).append(name)
    for vid, *values, status, by in Vacancy.objects.filter(**of).values_list(
            "id", "public_id", "employer__name", "title", "occupation", "sector", "kind", "hours_per_week", "location",
            "start", "duration_weeks", "capacity", "description", "required_reading", "required_listening",
            "required_writing", "required_speaking", "language_reason", "requires_driving_licence", "status",
            "created_by__username"):
        rows.append(row("vacancy", *values, sorted(certificates.get(vid, [])), status, _username(by)))
    held: dict[int, list[str]] = {}
    for profile_id, name in WorkProfile.certificates.through.objects.filter(
            workprofile__municipality__in=of["municipality__in"]).values_list("workprofile_id", "certificate__name"):
        held.setdefault(profile_id, []).append(name)
    for pid, *values, licence, by in WorkProfile.objects.filter(**of).values_list(
            "id", "client__public_id", "experience_occupation", "experience_sectors", "experience_years",
            "desired_sectors", "desired_kinds", "desired_hours", "preferred_locations", "driving_licence",
            "updated_by__username"):
        rows.append(row("work_profile", *values, licence, sorted(held.get(pid, [])), _username(by)))
    for *values, by in Proposal.objects.filter(**of).values_list(
            "public_id", "vacancy__public_id", "client__public_id", "status", "proposed_on", "share_basis",
            "consent_on", "shared_data", "score", "interview_on", "decided_on", "not_hired_reason", "note",
            "proposed_by__username"):
        rows.append(row("proposal", *values, _username(by)))
    for *values, by in Placement.objects.filter(**of).values_list(
            "public_id", "client__public_id", "kind", "employer__name", "vacancy__public_id", "proposal__public_id",
            "occupation", "start", "end", "end_reason", "hours_per_week", "contract_type", "monthly_wage",
            "bijstand_norm", "outflow", "job_coach", "wage_cost_subsidy", "wage_value_percent",
            "recorded_by__username"):
        rows.append(row("placement", *values, _username(by)))
    for values in Provider.objects.filter(**of).values_list("public_id", "municipality__cbs_code", "name",
                                                            "kvk_number"):
        rows.append(row("provider", *values))
    for values in ProcurementContract.objects.filter(**of).values_list(
            "public_id", "provider__name", "reference", "trajectory_type", "start", "end", "price",
            "promised_success_percent", "success_window_months"):
        rows.append(row("procurement_contract", *values))
    for *values, by in Trajectory.objects.filter(**of).values_list(
            "public_id", "contract__public_id", "client__public_id", "start", "end", "result", "result_on",
            "recorded_by__username"):
        rows.append(row("trajectory", *values, _username(by)))
    return rows
