"""Pages of a case's life. Every case read goes through ``access.get_case_for_user`` (scoped, logged);
each button on the case page posts to ``case_action`` which runs one service function."""

from __future__ import annotations

from collections.abc import Callable

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baimi.accounts import audit
from baimi.accounts.models import User
from baimi.accounts.privacy import id_number_for
from baimi.mediation import forms, pdf, services
from baimi.mediation.access import (
    cases_for,
    get_case_for_user,
    is_mediation_staff,
    may_see_figures,
    require_staff,
    user_of,
)
from baimi.mediation.figures import area_figures
from baimi.mediation.models import Case, Committee, Notice, Party, Record
from baimi.mediation.states import MoveRefused, State, allowed_moves, move, why_not
from baimi.places.models import Division


@require_GET
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not is_mediation_staff(user) and not user.mediator_roles.exists():
        if may_see_figures(user):
            return redirect("mediation:figures")
        raise PermissionDenied
    cases = cases_for(user).select_related("community", "group").prefetch_related("parties")
    state = request.GET.get("state", "")
    if state in State.values:
        cases = cases.filter(state=state)
    notices = Notice.objects.filter(recipient=user)[:10]
    return render(request, "mediation/case_list.html", {
        "cases": cases[:200], "states": State.choices, "state": state, "notices": notices,
        "may_register": is_mediation_staff(user) and user.area is not None})


@require_http_methods(["GET", "POST"])
@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    user = require_staff(request)
    if user.area is None:
        raise PermissionDenied
    form = forms.CaseForm(request.POST or None, community=user.area)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = services.case_open(
            community=user.area, title=data["title"], dispute_type=data["dispute_type"], facts=data["facts"],
            source=data["source"], source_reference=data["source_reference"], group=data["group"],
            public=data["public"], parties=form.parties(), by=user)
        messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
        return redirect("mediation:case", case.pk)
    return render(request, "mediation/case_new.html", {"form": form}, status=400 if form.errors else 200)


def _forms_for(case: Case) -> dict[str, django_forms.BaseForm]:
    return {
        "party": forms.PartyForm(), "consent": forms.ConsentForm(case=case), "assign": forms.AssignForm(case=case),
        "participant": forms.ParticipantForm(), "record": forms.RecordForm(), "session": forms.SessionForm(),
        "risk": forms.RiskForm(), "end": forms.EndForm(), "agreement": forms.AgreementForm(),
        "performed": forms.NoteForm(), "follow_up": forms.NoteForm(),
    }


def _render_case(request: HttpRequest, case: Case, bound: dict[str, django_forms.BaseForm] | None = None,
                 status: int = 200) -> HttpResponse:
    user = user_of(request)
    # Whoever may see the case may call the parties (Art. 15 keeps it to them; each read is audited);
    # the ID number is shown as the role allows, and printed in full only on the agreement and file.
    parties = [{"party": p, "phone": p.phone, "id_number": id_number_for(user, p.id_number)}
               for p in case.parties.all()]
    agreement = getattr(case, "agreement", None)
    moves = {to: why_not(case, to) for to in allowed_moves(case.state)}
    forms_now = _forms_for(case)
    forms_now["session"].initial = {"public": case.public}
    return render(request, "mediation/case_detail.html", {
        "case": case, "parties": parties, "agreement": agreement, "moves": moves,
        "forms": {**forms_now, **(bound or {})}, "State": State,
        "assignments": case.assignments.select_related("mediator"),
        "history": case.moves.select_related("by"), "records": case.records.all(),
        "confirmation_days_left": agreement.confirmation_days_left() if agreement else None,
        "consent_pending": case.parties.filter(consent=Party.Consent.PENDING).exists(),
    }, status=status)


@require_GET
@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, get_case_for_user(request, pk))


Handler = Callable[[HttpRequest, Case, User], "django_forms.BaseForm | None"]


def _party(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.PartyForm(request.POST)
    if form.is_valid():
        services.party_add(case=case, by=user, **form.cleaned_data)
        return None
    return form


def _consent(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.ConsentForm(request.POST, case=case)
    if form.is_valid():
        services.party_consent(party=form.cleaned_data["party"], consent=form.cleaned_data["consent"], by=user)
        return None
    return form


def _assign(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.AssignForm(request.POST, case=case)
    if form.is_valid():
        services.mediator_assign(case=case, mediator=form.cleaned_data["mediator"], how=form.cleaned_data["how"],
                                 by=user)
        return None
    return form


def _not_accepted(request: HttpRequest, case: Case, user: User) -> None:
    assignment = case.assignments.filter(pk=request.POST.get("assignment") or 0).first()
    if assignment is None:
        raise MoveRefused(_("No such mediator on this case."))
    services.mediator_not_accepted(assignment=assignment, by=user)
    return None


def _participant(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.ParticipantForm(request.POST)
    if form.is_valid():
        services.participant_invite(case=case, by=user, **form.cleaned_data)
        return None
    return form


def _record(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.RecordForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_add(case=case, kind=data["kind"], title=data["title"], description=data["description"],
                                upload=data["upload"], by=user)
        except ValidationError as error:
            form.add_error("upload", error)
            return form
        return None
    return form


def _session(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.SessionForm(request.POST)
    if form.is_valid():
        services.session_add(case=case, by=user, **form.cleaned_data)
        return None
    return form


def _risk(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.RiskForm(request.POST)
    if form.is_valid():
        services.risk_flag(case=case, note=form.cleaned_data["note"], by=user)
        messages.warning(request, _("The police contact and the community have been notified (Art. 25)."))
        return None
    return form


def _end(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.EndForm(request.POST)
    if form.is_valid():
        services.case_end_without_agreement(case=case, reason=form.cleaned_data["reason"], by=user)
        return None
    return form


def _agreement(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.AgreementForm(request.POST)
    if form.is_valid():
        services.agreement_record(case=case, by=user, **form.cleaned_data)
        return None
    return form


def _sign(request: HttpRequest, case: Case, user: User) -> None:
    if getattr(case, "agreement", None) is None:
        raise MoveRefused(_("Record the agreement first."))
    services.agreement_take_effect(case=case, by=user)
    return None


def _confirmed(request: HttpRequest, case: Case, user: User) -> None:
    services.agreement_judicially_confirmed(case=case, by=user)
    return None


def _performed(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        services.agreement_performed(case=case, note=form.cleaned_data["notes"], by=user)
        return None
    return form


def _follow_up(request: HttpRequest, case: Case, user: User) -> django_forms.BaseForm | None:
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        services.follow_up_add(case=case, notes=form.cleaned_data["notes"], by=user)
        return None
    return form


def _simple_move(to: str) -> Handler:
    def handler(request: HttpRequest, case: Case, user: User) -> None:
        move(case, to, user)
        return None
    return handler


ACTIONS: dict[str, Handler] = {
    "party": _party, "consent": _consent, "assign": _assign, "not_accepted": _not_accepted,
    "participant": _participant, "record": _record,
    "session": _session, "risk": _risk, "end": _end, "agreement": _agreement, "sign": _sign,
    "performed": _performed, "confirmed": _confirmed, "follow_up": _follow_up, "start": _simple_move(State.MEDIATING),
    "decline": _simple_move(State.DECLINED), "close": _simple_move(State.CLOSED),
}


@require_POST
@login_required
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    case = get_case_for_user(request, pk, action="change")
    try:
        bound = handler(request, case, user_of(request))
    except (MoveRefused, ValidationError, ValueError) as error:
        text = error.messages[0] if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
        return _render_case(request, Case.objects.get(pk=case.pk), status=409)
    if bound is not None:
        return _render_case(request, case, {action: bound}, status=400)
    return redirect("mediation:case", case.pk)


@require_GET
@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk, action="export")
    if getattr(case, "agreement", None) is None:
        raise Http404
    return _pdf_response(pdf.agreement_pdf(case), f"agreement-{case.number}.pdf")


@require_GET
@login_required
def routes_notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk, action="export")
    if not case.routes_notice:
        raise Http404
    return _pdf_response(pdf.routes_notice_pdf(case), f"routes-notice-{case.number}.pdf")


@require_GET
@login_required
def case_file_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk, action="export")
    return _pdf_response(pdf.case_file_pdf(case), f"case-file-{case.number}.pdf")


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@login_required
def record_file(request: HttpRequest, pk: int) -> FileResponse:
    """An attached file, only for those who may see its case; the read is logged."""
    record = Record.objects.filter(pk=pk).exclude(file="").first()
    if record is None:
        raise Http404
    get_case_for_user(request, record.case_id, action="view")
    audit.record(action="view", request=request, obj=record.case, file=record.pk)
    return FileResponse(record.file.open("rb"), content_type=record.file_type, filename=record.file_name)


@require_GET
@login_required
def committee(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not may_see_figures(user):
        raise PermissionDenied
    found = Committee.objects.visible_to(user).select_related("community").prefetch_related("mediators").first()
    return render(request, "mediation/committee.html", {
        "committee": found, "warnings": found.composition_warnings() if found else []})


@require_GET
@login_required
def figures(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not may_see_figures(user):
        raise PermissionDenied
    area = user.area
    if area is None:
        area = Division.objects.filter(parent=None).first()
    if area is None:
        raise Http404
    # Above a community, one row per part of the area: where disputes stay low and where they climb.
    children = [] if area.level in ("community", "group") else [
        (child, area_figures(child)) for child in Division.objects.filter(parent=area).order_by("code")]
    return render(request, "mediation/figures.html", {
        "area": area, "figures": area_figures(area), "children": children,
        "notices": Notice.objects.filter(recipient=user)[:10]})

