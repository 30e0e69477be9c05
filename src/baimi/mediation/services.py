"""Every write in a case's life, one function each, called by views, the demo and tasks alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baimi.accounts import audit
from baimi.accounts.models import User
from baimi.accounts.roles import Role
from baimi.mediation import uploads
from baimi.mediation.models import (
    Agreement,
    Assignment,
    Case,
    Committee,
    FollowUp,
    Mediator,
    Participant,
    Party,
    Record,
    Session,
    SettledLevel,
    Source,
)
from baimi.mediation.notify import notify
from baimi.mediation.states import MoveRefused, State, move
from baimi.places.models import Division, Level

# The community's mediation staff: they see cases and parties' personal information (Art. 15).
STAFF_ROLES = frozenset({Role.COMMUNITY_WORKER, Role.LEGAL_ADVISER, Role.MEDIATOR})

ROUTES_NOTICE = gettext_lazy(
    "Mediation has ended without an agreement. Under Art. 26 of the People's Mediation Law you may still "
    "protect your rights: by arbitration (where the dispute falls under an arbitration agreement or "
    "labour or land arbitration), by asking the competent administrative department to handle it, or by "
    "suing in the people's court. Free legal aid and the legal adviser's guidance are available at the "
    "community office."
)


def community_staff(community: Division) -> list[User]:
    return list(User.objects.filter(area=community, role__in=STAFF_ROLES, is_active=True).order_by("pk"))


def _next_number(community: Division, year: int) -> str:
    """"<year>-<community code>-<serial>": the serial follows the highest so far (not the count, which
    repeats a number once a case has been deleted)."""
    prefix = f"{year}-{community.code}-"
    taken = Case.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(n[len(prefix):]) for n in taken if n[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1:03d}"


@transaction.atomic
def case_open(*, community: Division, title: str, dispute_type: str, facts: str, source: str,
              parties: list[dict[str, Any]], by: User | None, group: Division | None = None,
              source_reference: str = "", public: bool = False, opened_at: dt.datetime | None = None) -> Case:
    """Register a case (调解登记). ``parties``: dicts of Party fields; the first applicant is the one
    who applied, or the person the committee approached on its own initiative (Art. 17)."""
    if community.level != Level.COMMUNITY:
        raise ValueError("a case belongs to a community")
    if group is not None and group.parent_id != community.pk:
        raise ValueError("the residents' group is not in the community")
    opened_at = opened_at or timezone.now()
    # Registrations in one community take their numbers one after another: lock the community's row.
    Division.objects.select_for_update().filter(pk=community.pk).first()
    case = Case.objects.create(
        number=_next_number(community, timezone.localtime(opened_at).year), community=community, group=group,
        title=title, dispute_type=dispute_type, facts=facts, source=source, source_reference=source_reference,
        public=public, opened_by=by, opened_at=opened_at)
    for fields in parties:
        Party.objects.create(case=case, **fields)
    audit.record(action="create", user=by, obj=case)
    return case


def open_case_from_help_request(help_request: Any, *, by: User | None) -> Case:
    """A neighbour-dispute help request becomes a case; the caller is its applicant. Reads only the
    HelpRequest fields the helpdesk contract names."""
    existing: Case | None = Case.objects.filter(source=Source.HELP_REQUEST,
                                                source_reference=help_request.reference).first()
    if existing is not None:
        return existing
    community = help_request.community
    household = help_request.household
    party = {"side": Party.Side.APPLICANT, "name": help_request.contact_name or _("caller"),
             "phone": help_request.contact_phone or "", "household": household,
             "address": household.address if household is not None else ""}
    first_line = (help_request.description or "").strip().splitlines()[0:1]
    return case_open(community=community, group=help_request.group, title=(first_line[0] if first_line
                     else _("Neighbour dispute"))[:100], dispute_type="neighbours",
                     facts=help_request.description or "", source=Source.HELP_REQUEST,
                     source_reference=help_request.reference, parties=[party], by=by,
                     opened_at=help_request.created_at)


@transaction.atomic
def party_add(*, case: Case, by: User | None, **fields: Any) -> Party:
    if case.state != State.REGISTERED:
        raise MoveRefused(_("Parties are added while the case is being registered."))
    party = Party.objects.create(case=case, **fields)
    audit.record(action="change", user=by, obj=case, party_added=party.pk)
    return party


@transaction.atomic
def party_consent(*, party: Party, consent: str, by: User | None) -> Party:
    """Record a party's answer (Art. 17, 23). A refusal while mediating ends mediation: the parties
    must then be told their routes (``case_end_without_agreement``)."""
    if party.case.state not in (State.REGISTERED, State.MEDIATING):
        raise MoveRefused(_("Consent is recorded before or during mediation."))
    if party.case.state == State.MEDIATING and consent != Party.Consent.REFUSED:
        raise MoveRefused(_("During mediation a party can only withdraw its consent."))
    party.consent, party.consent_at, party.consent_by = consent, timezone.now(), by
    party.save(update_fields=["consent", "consent_at", "consent_by"])
    audit.record(action="change", user=by, obj=party.case, consent=consent, party=party.pk)
    return party


@transaction.atomic
def mediator_assign(*, case: Case, mediator: Mediator, how: str, by: User | None) -> Assignment:
    if case.state not in (State.REGISTERED, State.MEDIATING):
        raise MoveRefused(_("Mediators are assigned before or during mediation."))
    if mediator.committee.community_id != case.community_id or not mediator.active:
        raise ValueError("the mediator is not an active mediator of the case's committee")
    assignment, _created = Assignment.objects.update_or_create(
        case=case, mediator=mediator, defaults={"how": how, "accepted_by_parties": True})
    audit.record(action="change", user=by, obj=case, mediator=mediator.pk, how=how)
    return assignment


@transaction.atomic
def mediator_not_accepted(*, assignment: Assignment, by: User | None) -> Assignment:
    """The parties do not accept a mediator the committee appointed (Art. 23: to choose or accept)."""
    if assignment.case.state not in (State.REGISTERED, State.MEDIATING):
        raise MoveRefused(_("Mediators are assigned before or during mediation."))
    assignment.accepted_by_parties = False
    assignment.save(update_fields=["accepted_by_parties"])
    audit.record(action="change", user=by, obj=assignment.case, mediator=assignment.mediator_id, accepted=False)
    return assignment


@transaction.atomic
def participant_invite(*, case: Case, name: str, relation: str, note: str, parties_consented: bool,
                       by: User | None) -> Participant:
    if not parties_consented:
        raise MoveRefused(_("Others are invited only with the parties' consent (Art. 20)."))
    if case.state in (State.DECLINED, State.FAILED, State.CLOSED):
        raise MoveRefused(_("The case has ended."))
    participant = Participant.objects.create(case=case, name=name, relation=relation, note=note,
                                             parties_consented=True)
    audit.record(action="change", user=by, obj=case, participant=participant.pk)
    return participant


@transaction.atomic
def record_add(*, case: Case, kind: str, title: str, description: str, by: User | None,
               happened_at: dt.datetime | None = None, upload: UploadedFile | None = None) -> Record:
    if case.state == State.CLOSED:
        raise MoveRefused(_("The case is closed."))
    record = Record(case=case, kind=kind, title=title, description=description, recorded_by=by,
                    happened_at=happened_at or timezone.now())
    if upload is not None:
        content_type, stored_name = uploads.checked_upload(upload)
        record.file_type, record.file_name = content_type, (upload.name or "")[:200]
        record.file.save(stored_name, upload, save=False)
    record.save()
    audit.record(action="change", user=by, obj=case, record=record.pk, kind=kind)
    return record


@transaction.atomic
def session_add(*, case: Case, place: str, attendees: str, minutes: str, by: User | None,
                held_at: dt.datetime | None = None, public: bool | None = None) -> Session:
    """Minutes of one session; private unless the parties asked for it in public (Art. 23)."""
    if case.state != State.MEDIATING:
        raise MoveRefused(_("Sessions are held while the case is in mediation."))
    session = Session.objects.create(case=case, place=place, attendees=attendees, minutes=minutes,
                                     public=case.public if public is None else public, recorded_by=by,
                                     held_at=held_at or timezone.now())
    audit.record(action="change", user=by, obj=case, session=session.pk)
    return session


@transaction.atomic
def risk_flag(*, case: Case, note: str, by: User | None) -> Case:
    """Art. 25: a dispute that may turn into a public-security or criminal case is reported at once
    to the police contact and the community."""
    if not note.strip():
        raise ValidationError(_("Say what makes the dispute likely to escalate."))
    case.risk_flag, case.risk_note, case.risk_flagged_at = True, note, timezone.now()
    case.save(update_fields=["risk_flag", "risk_note", "risk_flagged_at"])
    link = reverse("mediation:case", args=[case.pk])
    subject = _("Risk of escalation in mediation case %(number)s (Art. 25)") % {"number": case.number}
    committee = Committee.objects.filter(community=case.community).first()
    stamp = case.risk_flagged_at.isoformat() if case.risk_flagged_at else ""
    for user in community_staff(case.community):
        notify(user, subject, note, dedup_key=f"mediation:risk:{case.pk}:{stamp}:{user.pk}", link=link,
               case=case)
    if committee is not None and committee.police_contact is not None:
        # The police are told what and where, not sent to a case page they may not open.
        police_body = _("%(note)s\nCommunity: %(community)s · reported by %(by)s") % {
            "note": note, "community": case.community.name, "by": by or "—"}
        notify(committee.police_contact, subject, police_body, case=case,
               dedup_key=f"mediation:risk:{case.pk}:{stamp}:police:{committee.police_contact.pk}")
    audit.record(action="change", user=by, obj=case, risk_flag=True)
    return case


@transaction.atomic
def case_decline(*, case: Case, by: User | None) -> Case:
    return move(case, State.DECLINED, by)


@transaction.atomic
def case_start_mediation(*, case: Case, by: User | None) -> Case:
    return move(case, State.MEDIATING, by)


@transaction.atomic
def case_end_without_agreement(*, case: Case, reason: str, by: User | None) -> Case:
    """Art. 26: end the mediation and tell the parties in writing of arbitration, administrative and
    court routes (the notice is printed with the case file and shown on the case)."""
    if case.state != State.MEDIATING:
        raise MoveRefused(_("Only a case in mediation can end without agreement."))
    with translation.override("zh-hans"):  # the written notice is in Chinese, as the printed case file
        notice = str(ROUTES_NOTICE)
    case.end_reason, case.routes_notice = reason, notice
    case.save(update_fields=["end_reason", "routes_notice"])
    return move(case, State.FAILED, by, reason=reason)


@transaction.atomic
def agreement_record(*, case: Case, form: str, disputed_matters: str, responsibilities: str, terms: str,
                     performance: str, by: User | None, performance_due: dt.date | None = None,
                     settled_level: str = SettledLevel.COMMUNITY) -> Agreement:
    """Record what the parties agreed. An oral agreement takes effect at once (Art. 30); a written one
    when it is signed and sealed (Art. 29, ``agreement_sign``)."""
    if case.state != State.MEDIATING:
        raise MoveRefused(_("An agreement is reached during mediation."))
    if performance == Agreement.Performance.BY_DEADLINE and performance_due is None:
        raise ValidationError(_("Give the date by which the agreement is to be performed."))
    agreement, _created = Agreement.objects.update_or_create(case=case, defaults={
        "form": form, "disputed_matters": disputed_matters, "responsibilities": responsibilities,
        "terms": terms, "performance": performance, "recorded_by": by,
        "performance_due": performance_due if performance == Agreement.Performance.BY_DEADLINE else None})
    case.settled_level = settled_level
    case.save(update_fields=["settled_level"])
    audit.record(action="change", user=by, obj=case, agreement=form)
    if form == Agreement.Form.ORAL:
        agreement_take_effect(case=case, by=by)
    return agreement


@transaction.atomic
def agreement_take_effect(*, case: Case, by: User | None, at: dt.datetime | None = None) -> Agreement:
    """The parties have signed or fingerprinted, the mediator signed and the committee sealed."""
    agreement = case.agreement
    agreement.effective_at = at or timezone.now()
    agreement.save(update_fields=["effective_at"])
    move(case, State.AGREED, by, form=agreement.form)
    return agreement


@transaction.atomic
def agreement_performed(*, case: Case, note: str, by: User | None) -> Case:
    agreement = case.agreement
    agreement.performed_at, agreement.performance_note = timezone.now(), note
    agreement.save(update_fields=["performed_at", "performance_note"])
    return move(case, State.PERFORMED, by, note=note)


@transaction.atomic
def agreement_judicially_confirmed(*, case: Case, by: User | None, at: dt.datetime | None = None) -> Agreement:
    """The parties asked the court jointly within 30 days and it confirmed the agreement (Art. 33)."""
    agreement: Agreement | None = getattr(case, "agreement", None)
    if agreement is None or agreement.effective_at is None:
        raise MoveRefused(_("Only an agreement in effect can be confirmed by a court (Art. 33)."))
    agreement.judicial_confirmed_at = at or timezone.now()
    agreement.save(update_fields=["judicial_confirmed_at"])
    audit.record(action="change", user=by, obj=case, judicial_confirmation=True)
    return agreement


@transaction.atomic
def follow_up_add(*, case: Case, notes: str, by: User | None) -> FollowUp:
    if case.state in (State.REGISTERED, State.DECLINED):
        raise MoveRefused(_("Follow-ups are for cases that reached mediation."))
    follow_up = FollowUp.objects.create(case=case, notes=notes, by=by)
    audit.record(action="change", user=by, obj=case, follow_up=follow_up.pk)
    return follow_up


def case_close(*, case: Case, by: User | None) -> Case:
    return move(case, State.CLOSED, by)
