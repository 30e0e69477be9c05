from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baimi.circles.models import Placement
from baimi.places.models import ServiceCategory


class PlacementForm(forms.Form):
    category = forms.ModelChoiceField(ServiceCategory.objects.filter(required_in_circle=True),
                                      label=_("Service"), empty_label=None)
    model = forms.ChoiceField(choices=Placement.Model.choices, label=_("Question"),
                              initial=Placement.Model.MCLP)
    sites_wanted = forms.IntegerField(label=_("New points (p)"), min_value=1, max_value=20, initial=2, required=False)
    measure = forms.ChoiceField(choices=Placement.Measure.choices, label=_("Distance"),
                                initial=Placement.Measure.WALK)
    weighted = forms.BooleanField(label=_("Weight by households"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("model") == Placement.Model.MCLP and not data.get("sites_wanted"):
            self.add_error("sites_wanted", _("Say how many new points (p)."))
        if data.get("model") == Placement.Model.LSCP:
            data["sites_wanted"] = None
        return data
