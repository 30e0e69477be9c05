from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from baimi.places.models import Division, Skill

WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]


class VolunteerForm(forms.Form):
    """Registration by real name (Art. 7). ``group`` is offered only to staff registering others."""

    real_name = forms.CharField(label=_("Real name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False,
                            validators=[RegexValidator(r"^\+?[0-9 -]{5,20}$", _("Enter a phone number."))])
    id_number = forms.CharField(
        label=_("ID number"), max_length=18, required=False,
        validators=[RegexValidator(r"^[0-9]{17}[0-9Xx]$", _("An ID number has 18 characters."))])
    kind = forms.ChoiceField(label=_("Kind of volunteer"))
    skills = forms.ModelMultipleChoiceField(label=_("Skills"), queryset=Skill.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    available_weekdays = forms.TypedMultipleChoiceField(
        label=_("Available on"), choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    availability_note = forms.CharField(label=_("Availability"), max_length=200, required=False,
                                        help_text=_("e.g. weekday evenings, weekends"))
    show_name = forms.BooleanField(label=_("My name may be shown publicly"), required=False)
    consent = forms.BooleanField(
        label=_("I agree that the community records my service and personal details for volunteer service "
                "only; they are not published without my consent."))

    def __init__(self, *args: Any, groups: Any = None, **kwargs: Any) -> None:
        from baimi.volunteers.models import Volunteer

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Volunteer.Kind.choices  # type: ignore[attr-defined]
        if groups is not None:
            self.fields["group"] = forms.ModelChoiceField(label=_("Residents' group"), queryset=groups)
            self.fields["consent"].label = _("The volunteer has agreed to the recording of their service and "
                                             "personal details.")


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Division.objects.none())
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
