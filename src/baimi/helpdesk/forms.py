from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baimi.helpdesk.models import HelpCategory, SettledLevel
from baimi.places.models import Household


class ReportForm(forms.Form):
    """A resident's own report, made for a phone: what, a photo, and where (the phone's position
    when the resident allows it, their home otherwise)."""

    category = forms.ModelChoiceField(HelpCategory.objects.filter(active=True), label=_("What kind of help"),
                                      empty_label=None, widget=forms.RadioSelect)
    description = forms.CharField(label=_("What is the matter"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(label=_("Photo (optional)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=73, max_value=136)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=3, max_value=54)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)  # one submission per form shown


class PhoneCallForm(forms.Form):
    """Staff recording a resident's phone call on their behalf."""

    category = forms.ModelChoiceField(HelpCategory.objects.filter(active=True), label=_("Category"))
    household = forms.ModelChoiceField(Household.objects.none(), label=_("Household"), required=False)
    contact_name = forms.CharField(label=_("Caller's name"), max_length=50)
    contact_phone = forms.CharField(label=_("Caller's phone"), max_length=20)
    description = forms.CharField(label=_("What the caller said"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    consent_noted = forms.BooleanField(label=_("The caller agreed that this is recorded and passed on"))
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, households: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if households is not None:
            field = self.fields["household"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = households


class SettleForm(forms.Form):
    notes = forms.CharField(label=_("What was done"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    level = forms.ChoiceField(label=_("Settled"), choices=SettledLevel.choices)


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How was it?"), coerce=int, required=False,
                                    choices=[("", "—")] + [(i, "★" * i) for i in range(5, 0, -1)])
    feedback = forms.CharField(label=_("Anything to add"), max_length=500, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why it is not solved"), max_length=500)
