"""The printed documents of a case, always in Chinese: the written agreement (Art. 29; one copy per
party plus the committee's) and the case file (卷宗, Art. 27) in filing order. Chinese through the
platform's shared font helper (``baimi.pdf``)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from baimi.mediation.models import Agreement, Case, Committee
from baimi.pdf import cjk_font

LANGUAGE = "zh-hans"



class _Styles:
    def __init__(self) -> None:
        font = cjk_font()
        self.body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16)
        self.title = ParagraphStyle("title", parent=self.body, fontSize=18, leading=26, alignment=1)
        self.subtitle = ParagraphStyle("subtitle", parent=self.body, alignment=1, textColor=colors.grey)
        self.heading = ParagraphStyle("heading", parent=self.body, fontSize=12, leading=19, spaceBefore=4)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=9, leading=13, textColor=colors.grey)


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def _grid(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cjk_font(), 10),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


class _SealPlace(Flowable):  # type: ignore[misc]
    """A dashed circle where the committee's seal goes."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label, self.width, self.height = label, 34 * mm, 34 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.setDash(3, 3)
        canvas.circle(17 * mm, 17 * mm, 16 * mm)
        canvas.setFont(cjk_font(), 9)
        canvas.drawCentredString(17 * mm, 16 * mm, self.label)


def _build(story: list[Any], title: str) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Baimi", leftMargin=20 * mm,
                            rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=18 * mm)
    doc.build(story)
    return buffer.getvalue(), doc.page


def _parties_table(case: Case, s: _Styles) -> Table:
    """In full: the agreement must state the parties' basic particulars (Art. 29) and the file keeps
    them (Art. 27). Only those who may see the case can print it, and each print is audited."""
    rows: list[list[Any]] = [[_("Side"), pgettext("person", "Name"), _("ID number"), _("Phone"),
                              pgettext("person", "Address")]]
    for party in case.parties.all():
        rows.append([party.get_side_display(), _p(party.name, s.body), party.id_number or "—",
                     party.phone or "—", _p(party.address or "—", s.body)])
    return _grid(rows, [18 * mm, 28 * mm, 42 * mm, 30 * mm, 52 * mm])


def _agreement_copy(case: Case, agreement: Agreement, holder: str, s: _Styles) -> list[Any]:
    committee = Committee.objects.filter(community=case.community).first()
    mediators = "、".join(a.mediator.name for a in case.assignments.select_related("mediator"))
    due = (_("by %(date)s") % {"date": agreement.performance_due.isoformat()}
           if agreement.performance_due else "")
    parties = list(case.parties.all())
    story: list[Any] = [
        _p(committee.name if committee else case.community.name, s.subtitle),
        _p(_("People's mediation agreement"), s.title),
        _p(_("No. %(number)s · %(holder)s") % {"number": case.number, "holder": holder}, s.subtitle),
        Spacer(1, 3 * mm),
        _p(_("1. The parties"), s.heading), _parties_table(case, s),
        _p(_("2. The main facts of the dispute"), s.heading), _p(case.facts, s.body),
        _p(_("3. The disputed matters"), s.heading), _p(agreement.disputed_matters, s.body),
        _p(_("4. Each party's responsibility"), s.heading), _p(agreement.responsibilities, s.body),
        _p(_("5. What the parties agreed"), s.heading), _p(agreement.terms, s.body),
        _p(_("6. How and by when it is performed"), s.heading),
        _p(f"{agreement.get_performance_display()} {due}".strip(), s.body),
        Spacer(1, 3 * mm),
        _p(_("Mediators: %(names)s. Mediation is free of charge (Art. 4).") % {"names": mediators or "—"}, s.body),
        _p(_("This agreement takes effect on the day every party has signed, sealed or put a fingerprint on it "
             "and the mediator has signed it and the committee has sealed it (Art. 29). It is made in "
             "%(copies)s copies: one for each party and one kept by the committee. Within 30 days of its "
             "taking effect the parties may jointly ask the people's court for judicial confirmation "
             "(Art. 33).") % {"copies": len(parties) + 1}, s.small),
        Spacer(1, 3 * mm),
    ]
    rows: list[list[Any]] = [[_("Party"), _("Signature"), _("Fingerprint"), _("Date")]]
    rows += [[_p(p.name, s.body), "", "", ""] for p in parties]
    rows.append([_("Mediator"), "", "", ""])
    table = _grid(rows, [36 * mm, 60 * mm, 34 * mm, 40 * mm])
    table.setStyle(TableStyle([("ROWBACKGROUNDS", (0, 0), (-1, 0), [colors.HexColor("#eeeeee")]),
                               ("BOTTOMPADDING", (0, 1), (-1, -1), 11), ("TOPPADDING", (0, 1), (-1, -1), 11)]))
    seal = Table([[_p(_("People's mediation committee (seal)"), s.body), _SealPlace(_("seal"))]],
                 colWidths=[130 * mm, 40 * mm])
    seal.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    # The signatures and the seal stay on one page with each other.
    return [*story, KeepTogether([table, Spacer(1, 3 * mm), seal])]


def agreement_pdf(case: Case) -> bytes:
    """The written agreement: one copy per party, then the committee's copy, each on its own pages."""
    with translation.override(LANGUAGE):
        s = _Styles()
        agreement = case.agreement
        story: list[Any] = []
        holders = [_("Copy for party %(name)s") % {"name": p.name} for p in case.parties.all()]
        holders.append(_("Copy kept by the committee"))
        for i, holder in enumerate(holders):
            if i:
                story.append(PageBreak())
            story += _agreement_copy(case, agreement, holder, s)
        return _build(story, _("People's mediation agreement"))[0]


def routes_notice_pdf(case: Case) -> bytes:
    """Art. 26 in writing: the notice that mediation ended and of the routes left, one page per party
    and the committee's copy."""
    with translation.override(LANGUAGE):
        s = _Styles()
        committee = Committee.objects.filter(community=case.community).first()
        holders = [_("Copy for party %(name)s") % {"name": p.name} for p in case.parties.all()]
        holders.append(_("Copy kept by the committee"))
        story: list[Any] = []
        for i, holder in enumerate(holders):
            if i:
                story.append(PageBreak())
            story += [
                _p(committee.name if committee else case.community.name, s.subtitle),
                _p(_("Notice of ending mediation and of other routes (Art. 26)"), s.title),
                _p(_("No. %(number)s · %(holder)s") % {"number": case.number, "holder": holder}, s.subtitle),
                Spacer(1, 6 * mm), _p(case.title, s.heading), _p(case.end_reason, s.body), Spacer(1, 3 * mm),
                _p(case.routes_notice, s.body), Spacer(1, 12 * mm),
                Table([[_p(_("People's mediation committee (seal)"), s.body), _SealPlace(_("seal"))]],
                      colWidths=[130 * mm, 40 * mm]),
                _p(_when(case.closed_at or timezone.now())[:10], s.body),
            ]
        return _build(story, _("Notice of ending mediation and of other routes (Art. 26)"))[0]


def _registration(case: Case, s: _Styles) -> list[Any]:
    mediators = "、".join(f"{a.mediator.name}（{a.get_how_display()}）"
                         for a in case.assignments.select_related("mediator"))
    rows = [
        [_("Case number"), case.number], [_("Title"), _p(case.title, s.body)],
        [_("Dispute type"), case.get_dispute_type_display()],
        [_("Source"), f"{case.get_source_display()} {case.source_reference}".strip()],
        [_("Registered"), _when(case.opened_at)], [_("Registered by"), str(case.opened_by or "—")],
        [_("Residents' group"), case.group.name if case.group else "—"],
        [_("Public or private"), _("public") if case.public else _("private")],
        [_("Mediators"), _p(mediators or "—", s.body)], [_("State"), case.get_state_display()],
    ]
    return [_p(_("Mediation registration form"), s.title), Spacer(1, 4 * mm),
            _grid(rows, [40 * mm, 130 * mm]), _p(_("Parties"), s.heading), _parties_table(case, s),
            _p(_("Facts as told"), s.heading), _p(case.facts, s.body)]


def _rights_notice(case: Case, s: _Styles) -> list[Any]:
    lines = [
        _("Mediation by the people's mediation committee is voluntary and free of charge (Art. 3, 4)."),
        _("Your rights (Art. 23): to choose or accept the mediators; to accept mediation, refuse it or ask to "
          "end it; to ask for the mediation to be public or private; to state your wishes freely and reach "
          "an agreement of your own free will."),
        _("Your duties (Art. 24): to state the facts of the dispute truthfully; to keep order at the "
          "mediation and respect the mediator; to respect the other party's exercise of their rights."),
        _("Mediation does not stop you from protecting your rights by arbitration, administrative or court "
          "routes (Art. 3)."),
    ]
    rows: list[list[Any]] = [[_("Party"), _("Signature"), _("Date")]]
    rows += [[p.name, "", ""] for p in case.parties.all()]
    return [_p(_("Notice of the parties' rights and duties"), s.title), Spacer(1, 4 * mm),
            *[_p(line, s.body) for line in lines], Spacer(1, 6 * mm), _grid(rows, [50 * mm, 80 * mm, 40 * mm])]


def _identity(case: Case, s: _Styles) -> list[Any]:
    story: list[Any] = [_p(_("Proof of identity"), s.title), Spacer(1, 4 * mm), _parties_table(case, s)]
    for record in case.records.filter(kind="identity"):
        story.append(_p(f"{record.title}: {record.description} {record.file_name}", s.body))
    return story


def _work_record(case: Case, s: _Styles) -> list[Any]:
    story: list[Any] = [_p(_("Mediation work record"), s.title)]
    for record in case.records.exclude(kind="identity"):
        entry = [_p(f"{_when(record.happened_at)} · {record.get_kind_display()} · {record.title}", s.heading),
                 _p(record.description or "—", s.body)]
        if record.file_name:
            entry.append(_p(_("Attached file: %(name)s") % {"name": record.file_name}, s.small))
        story.append(KeepTogether(entry))
    participants = list(case.participants.all())
    if participants:
        story.append(_p(_("Invited with the parties' consent (Art. 20)"), s.heading))
        story += [_p(f"{p.name}（{p.get_relation_display()}）{p.note}", s.body) for p in participants]
    if case.risk_flag:
        story += [_p(_("Risk of escalation reported (Art. 25)"), s.heading),
                  _p(f"{_when(case.risk_flagged_at)} {case.risk_note}", s.body)]
    for session in case.sessions.all():
        story += [_p(_("Minutes of the session of %(when)s") % {"when": _when(session.held_at)}, s.heading),
                  _p(_("Place: %(place)s · %(kind)s · Present: %(who)s")
                     % {"place": session.place, "kind": _("public") if session.public else _("private"),
                        "who": session.attendees}, s.small),
                  _p(session.minutes, s.body)]
    return story


def _outcome(case: Case, s: _Styles) -> list[Any]:
    agreement = getattr(case, "agreement", None)
    story: list[Any] = []
    if agreement is not None and agreement.form == Agreement.Form.WRITTEN:
        story += _agreement_copy(case, agreement, _("Copy kept by the committee"), s)
    elif agreement is not None:
        story += [_p(_("Oral agreement recorded by the mediator (Art. 28, 30)"), s.title),
                  _p(_("Disputed matters"), s.heading), _p(agreement.disputed_matters, s.body),
                  _p(_("Responsibilities"), s.heading), _p(agreement.responsibilities, s.body),
                  _p(_("Agreed"), s.heading), _p(agreement.terms, s.body),
                  _p(_("Took effect: %(when)s") % {"when": _when(agreement.effective_at)}, s.body)]
    if case.routes_notice:
        story += [_p(_("Notice of ending mediation and of other routes (Art. 26)"), s.title),
                  _p(case.end_reason, s.body), _p(case.routes_notice, s.body)]
    if agreement is not None and agreement.performed_at:
        story.append(KeepTogether([_p(_("Performance (Art. 31)"), s.heading),
                                   _p(f"{_when(agreement.performed_at)} {agreement.performance_note}", s.body)]))
    for follow_up in case.follow_ups.all():
        story.append(KeepTogether([_p(_("Follow-up visit of %(when)s") % {"when": _when(follow_up.at)}, s.heading),
                                   _p(follow_up.notes, s.body)]))
    return story or [_p(_("No agreement."), s.body)]


def _back_cover(case: Case, pages: int, s: _Styles) -> list[Any]:
    rows = [[_("This file has %(pages)s pages.") % {"pages": pages}],
            [_("Filed by: %(who)s") % {"who": str(case.opened_by or "—")}],
            [_("Closed: %(when)s") % {"when": _when(case.closed_at)}],
            [_("Printed: %(when)s") % {"when": _when(timezone.now())}]]
    return [_p(_("Back cover"), s.title), Spacer(1, 6 * mm), _grid(rows, [170 * mm])]


def case_file_pdf(case: Case) -> bytes:
    """The case file in filing order (Art. 27): registration, rights notice, identity proof, work record
    and minutes, agreement (or the routes notice), back cover."""
    with translation.override(LANGUAGE):
        s = _Styles()
        title = _("People's mediation case file")

        def story(pages: int) -> list[Any]:  # flowables are single-use: a fresh story per build
            parts = [_registration(case, s), _rights_notice(case, s), _identity(case, s),
                     _work_record(case, s), _outcome(case, s)]
            body: list[Any] = []
            for part in parts:
                body += [*part, PageBreak()]
            return [*body, *_back_cover(case, pages, s)]

        pages = _build(story(0), title)[1]  # first pass counts the pages for the back cover
        return _build(story(pages), title)[0]
