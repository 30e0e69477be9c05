"""The proof of service (志愿服务记录证明, Regulation Art. 19): a PDF listing every date served
and its hours, issued free from the platform's record. Chinese through ``baimi.pdf``."""

from __future__ import annotations

import io
from decimal import Decimal
from xml.sax.saxutils import escape  # Paragraph reads markup: typed text must stay text

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from baimi.accounts.privacy import mask_id_number
from baimi.pdf import cjk_font
from baimi.volunteers import ledger
from baimi.volunteers.models import Volunteer


def proof_pdf(volunteer: Volunteer, *, serial: str) -> bytes:
    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=1)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=12, textColor=colors.grey)
    rows = ledger.service_rows(volunteer)
    total = sum((r.hours for r in rows), Decimal(0)).quantize(ledger.CENTS)
    stars = ledger.star_level(total)
    story = [
        Paragraph(_("Proof of volunteer service"), title),
        Spacer(1, 4 * mm),
        Paragraph(_("Name: %(name)s    Kind: %(kind)s") % {"name": escape(volunteer.real_name),
                                                          "kind": escape(str(volunteer.get_kind_display()))}, body),
    ]
    if volunteer.id_number:
        story.append(Paragraph(_("ID number: %(id)s") % {"id": mask_id_number(volunteer.id_number)}, body))
    story += [
        Paragraph(_("Community: %(community)s") % {"community": escape(volunteer.community.name)}, body),
        Paragraph(_("Total: %(hours)s hours on %(dates)s dates; star level: %(stars)s")
                  % {"hours": total, "dates": len(rows), "stars": "★" * stars or "—"}, body),
        Spacer(1, 4 * mm),
    ]
    data = [[_("Date"), _("Activity"), _("Type"), _("Team"), _("Hours")]]
    data += [[timezone.localtime(r.starts).strftime("%Y-%m-%d"), Paragraph(escape(r.activity), body),
              r.activity_type, Paragraph(escape(r.team), body), f"{r.hours}"] for r in rows]
    data.append(["", _("Total"), "", "", f"{total}"])
    table = Table(data, colWidths=[24 * mm, 62 * mm, 28 * mm, 42 * mm, 16 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 10),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c8ccd2")),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story += [table, Spacer(1, 6 * mm),
              Paragraph(_("This proof is issued free of charge from the volunteer service records kept on the "
                          "Baimi platform (Volunteer Service Regulations, Art. 19). It is the platform's record."),
                        body),
              Paragraph(_("Issued %(date)s · record number %(serial)s")
                        % {"date": timezone.localdate().isoformat(), "serial": serial}, small)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=_("Proof of volunteer service"), author="Baimi",
                            leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm, bottomMargin=15 * mm)
    doc.build(story)
    return buffer.getvalue()
