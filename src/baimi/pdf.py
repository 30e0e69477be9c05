"""What every PDF of the platform shares (mediation agreements and case files, volunteer service
proofs, monthly reports): Chinese text through ReportLab's built-in CID font STSong-Light, so no
font file is shipped or downloaded."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

FONT = "STSong-Light"


def cjk_font() -> str:
    """The font's name, registered with ReportLab on first use."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT
