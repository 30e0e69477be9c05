"""``{% if user|sees_mediation %}``: whether the nav shows the mediation link."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy

from baimi.mediation.access import may_see_figures

register = template.Library()


@register.filter
def sees_mediation(user: Any) -> bool:
    return may_see_figures(user)


# The label of the link in base.html's navigation; here so this app's catalogue carries its Chinese.
NAV_LABEL = gettext_lazy("Mediation")
