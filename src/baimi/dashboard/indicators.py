"""What the dashboard shows, computed from the stored sums: counts as they are, shares from their
numerator and denominator (so a county's share weighs each community by its size)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baimi.places.models import ServiceCategory

SETTLED_LEVELS = ("home", "circle", "community", "above")
SETTLED_METRICS = tuple(f"help_settled_{lvl}" for lvl in SETTLED_LEVELS)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    section: str
    kind: str = "count"  # count | hours | share
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    app: str = ""  # the app whose data it needs: without it, "no data" instead of 0

    def value(self, cell: Mapping[str, float]) -> float | None:
        if self.app and not apps.is_installed(f"baimi.{self.app}"):
            return None
        top = sum(cell.get(m, 0.0) for m in (self.numerator or (self.key,)))
        if self.kind != "share":
            return top
        bottom = sum(cell.get(m, 0.0) for m in self.denominator)
        return top / bottom if bottom else None

    def format(self, value: float | None) -> str:
        if value is None:
            return "–"
        if self.kind == "share":
            return f"{value * 100:.1f}%"
        if self.kind == "hours":
            return f"{value:,.1f}"
        return f"{value:,.0f}"


SECTIONS: list[tuple[str, str | Promise]] = [
    ("circles", _("Circles and coverage")),
    ("help", _("Help requests")),
    ("mediation", _("Mediation")),
    ("volunteers", _("Volunteers")),
    ("legal", _("Legal publicity")),
]


def _share(key: str, label: str | Promise, section: str, numerator: str, *denominator: str, app: str = "") -> Indicator:
    return Indicator(key, label, section, "share", (numerator,), tuple(denominator), app)


def coverage_indicators() -> list[Indicator]:
    """One walking and one straight-line share per required service category, then all four at once."""
    categories = [(c.code, c.localized_name) for c in ServiceCategory.objects.filter(required_in_circle=True)]
    out = []
    for code, name in [*categories, ("all", _("all services"))]:
        out.append(_share(f"walk:{code}", _("%(service)s within 100 m walking") % {"service": name}, "circles",
                          f"covered_walk:{code}", "households"))
        out.append(_share(f"straight:{code}", _("%(service)s within 100 m straight line") % {"service": name},
                          "circles", f"covered_straight:{code}", "households"))
    return out


FIXED: list[Indicator] = [
    Indicator("households", _("households in the circles"), "circles"),
    Indicator("blind_spot_households", _("households in blind spots (walking)"), "circles"),
    Indicator("blind_spot_buildings", _("buildings in blind spots (walking)"), "circles"),
    _share("groups_linked_share", _("circles joined to a neighbour"), "circles", "groups_linked", "groups"),
    _share("communities_joined_share", _("communities whose circles all join up"), "circles",
           "communities_joined", "communities"),
    Indicator("help_requests", _("help requests"), "help", app="helpdesk"),
    _share("help_reached_share", _("reached within 10 minutes (of those reached)"), "help",
           "help_reached_in_time", "help_arrived", app="helpdesk"),
    _share("help_settled_home_share", _("settled at home"), "help", "help_settled_home", *SETTLED_METRICS,
           app="helpdesk"),
    _share("help_settled_circle_share", _("settled in the circle"), "help", "help_settled_circle",
           *SETTLED_METRICS, app="helpdesk"),
    _share("help_settled_community_share", _("settled in the community"), "help", "help_settled_community",
           *SETTLED_METRICS, app="helpdesk"),
    _share("help_settled_above_share", _("settled above the community"), "help", "help_settled_above",
           *SETTLED_METRICS, app="helpdesk"),
    Indicator("mediation_cases", _("mediation cases registered"), "mediation", app="mediation"),
    Indicator("mediation_settled", _("cases settled"), "mediation", app="mediation"),
    Indicator("mediation_performed", _("agreements performed"), "mediation", app="mediation"),
    Indicator("mediation_judicial_confirmations", _("judicial confirmations"), "mediation", app="mediation"),
    Indicator("volunteers", _("registered volunteers"), "volunteers", app="volunteers"),
    Indicator("volunteers_active", _("volunteers who served"), "volunteers", app="volunteers"),
    Indicator("volunteer_hours", _("hours served"), "volunteers", "hours", app="volunteers"),
    Indicator("activities", _("activity dates held"), "volunteers", app="volunteers"),
    Indicator("activities_on_8", _("of them on the 8th, 18th or 28th (逢8)"), "volunteers", app="volunteers"),
    Indicator("legal_orders", _("legal topics ordered"), "legal", app="legal"),
    Indicator("legal_lectures", _("legal lectures"), "legal", app="legal"),
    Indicator("legal_questions", _("legal questions asked"), "legal", app="legal"),
    Indicator("legal_consultations", _("consultations with the adviser"), "legal", app="legal"),
    Indicator("legal_needs", _("legal needs left"), "legal", app="legal"),
]


def all_indicators() -> list[Indicator]:
    fixed = {i.key: i for i in FIXED}
    circles = [fixed.pop("households"), *coverage_indicators()]
    return circles + list(fixed.values())


def by_key() -> dict[str, Indicator]:
    return {i.key: i for i in all_indicators()}


# The columns of the drill-down table, and the charts of the trend section (key, chart kind).
TABLE_COLUMNS = ["households", "walk:all", "blind_spot_households", "groups_linked_share", "help_requests",
                 "help_reached_share", "help_settled_circle_share", "mediation_cases", "volunteer_hours",
                 "legal_orders"]
TREND_CHARTS = [("walk:all", "line"), ("help_requests", "bar"), ("help_reached_share", "line"),
                ("mediation_cases", "bar"), ("volunteer_hours", "bar"), ("activities", "bar"),
                ("legal_orders", "bar")]
