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


PATTERN_CHOICES = [
    ("once", _("Once")),
    ("feng8", _("“逢8”: the 8th, 18th and 28th of every month")),
    ("weekly", _("Every week")),
    ("monthly", _("Every month")),
    ("custom", _("Custom rule (RFC 5545)")),
]


class ActivityForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Division.objects.none())
    type = forms.ModelChoiceField(label=_("Type"), queryset=Division.objects.none())
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Division.objects.none(), required=False)
    service_point = forms.ModelChoiceField(label=_("Service point"), queryset=Division.objects.none(),
                                           required=False)
    group = forms.ModelChoiceField(label=_("Residents' group"), queryset=Division.objects.none(), required=False)
    place_note = forms.CharField(label=_("Place"), max_length=200, required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    needed = forms.IntegerField(label=_("Volunteers needed"), min_value=1, max_value=1000, initial=10)
    skills = forms.ModelMultipleChoiceField(label=_("Skills needed"), queryset=Skill.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    risky = forms.BooleanField(label=_("May endanger volunteers (needs accident insurance, Art. 17)"),
                               required=False)
    risk_note = forms.CharField(label=_("Risks told to volunteers"), max_length=300, required=False)
    insurance_policy = forms.CharField(label=_("Accident insurance policy"), max_length=100, required=False)
    starts = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15, max_value=24 * 60,
                                          initial=120)
    pattern = forms.ChoiceField(label=_("Repeats"), choices=PATTERN_CHOICES, initial="once")
    rule = forms.CharField(label=_("Rule"), max_length=250, required=False,
                           help_text=_("For a custom rule, e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=10"))
    until = forms.DateField(label=_("Repeat until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, teams: Any, types: Any, campaigns: Any, points: Any, groups: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("team", teams), ("type", types), ("campaign", campaigns),
                               ("service_point", points), ("group", groups)):
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        from baimi.volunteers import recurrence

        data = super().clean() or {}
        pattern = data.get("pattern", "once")
        if pattern == "once":
            data["rrule"] = ""
            return data
        rule = data.get("rule", "").strip() if pattern == "custom" else recurrence.PATTERNS[pattern]
        if not rule:
            self.add_error("rule", _("Enter a rule."))
            return data
        if data.get("until") and "UNTIL=" not in rule.upper() and "COUNT=" not in rule.upper():
            rule = f"{rule};UNTIL={data['until']:%Y%m%d}"
        try:
            data["rrule"] = recurrence.normalize_rule(rule)
        except forms.ValidationError as error:
            self.add_error("rule" if pattern == "custom" else "pattern", error)
        return data


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Division.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
