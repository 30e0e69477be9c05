"""Forms of the case pages. Each validates its input only; the rules are in services and states."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baimi.mediation.models import (
    Agreement,
    Assignment,
    Case,
    DisputeType,
    Mediator,
    Participant,
    Party,
    Record,
    SettledLevel,
    Source,
)
from baimi.places.models import Division


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    dispute_type = forms.ChoiceField(label=_("Dispute type"), choices=DisputeType.choices)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    source_reference = forms.CharField(label=_("Source reference"), max_length=64, required=False)
    group = forms.ModelChoiceField(label=_("Residents' group"), queryset=Division.objects.none(), required=False)
    facts = forms.CharField(label=_("Facts as told"), widget=forms.Textarea(attrs={"rows": 4}))
    public = forms.BooleanField(label=_("The parties ask for public mediation"), required=False)
    applicant_name = forms.CharField(label=_("Applicant's name"), max_length=50)
    applicant_phone = forms.CharField(label=_("Applicant's phone"), max_length=20, required=False)
    applicant_address = forms.CharField(label=_("Applicant's address"), max_length=200, required=False)
    respondent_name = forms.CharField(label=_("Other party's name"), max_length=50, required=False)
    respondent_phone = forms.CharField(label=_("Other party's phone"), max_length=20, required=False)
    respondent_address = forms.CharField(label=_("Other party's address"), max_length=200, required=False)

    def __init__(self, *args: Any, community: Division, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Division.objects.filter(parent=community, level="group")  # type: ignore[attr-defined]

    def parties(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        parties = [{"side": Party.Side.APPLICANT, "name": data["applicant_name"], "phone": data["applicant_phone"],
                    "address": data["applicant_address"]}]
        if data["respondent_name"]:
            parties.append({"side": Party.Side.RESPONDENT, "name": data["respondent_name"],
                            "phone": data["respondent_phone"], "address": data["respondent_address"]})
        return parties


class PartyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Party
        fields = ["side", "name", "phone", "id_number", "address"]


class ConsentForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none())
    consent = forms.ChoiceField(label=_("Answer"), choices=[(Party.Consent.GIVEN, Party.Consent.GIVEN.label),
                                                             (Party.Consent.REFUSED, Party.Consent.REFUSED.label)])

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = case.parties.all()  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    mediator = forms.ModelChoiceField(label=_("Mediator"), queryset=Mediator.objects.none())
    how = forms.ChoiceField(label=_("How"), choices=Assignment.How.choices)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = Mediator.objects.filter(  # type: ignore[attr-defined]
            committee__community=case.community, active=True)


class ParticipantForm(forms.ModelForm):  # type: ignore[type-arg]
    parties_consented = forms.BooleanField(label=_("The parties consented to the invitation (Art. 20)"))

    class Meta:
        model = Participant
        fields = ["name", "relation", "note"]


class RecordForm(forms.ModelForm):  # type: ignore[type-arg]
    upload = forms.FileField(label=_("File (PDF, JPEG or PNG)"), required=False)

    class Meta:
        model = Record
        fields = ["kind", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SessionForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=100)
    attendees = forms.CharField(label=_("Present"), max_length=300)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}))
    public = forms.BooleanField(label=_("Held in public, as the parties asked (Art. 23)"), required=False)


class RiskForm(forms.Form):
    note = forms.CharField(label=_("What makes it likely to escalate"), widget=forms.Textarea(attrs={"rows": 2}))


class EndForm(forms.Form):
    reason = forms.CharField(label=_("Why mediation ended"), widget=forms.Textarea(attrs={"rows": 2}))


class AgreementForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), choices=Agreement.Form.choices)
    disputed_matters = forms.CharField(label=_("Disputed matters"), widget=forms.Textarea(attrs={"rows": 2}))
    responsibilities = forms.CharField(label=_("Each party's responsibility"),
                                       widget=forms.Textarea(attrs={"rows": 2}))
    terms = forms.CharField(label=_("What was agreed"), widget=forms.Textarea(attrs={"rows": 3}))
    performance = forms.ChoiceField(label=_("Performance"), choices=Agreement.Performance.choices)
    performance_due = forms.DateField(label=_("To be performed by"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    settled_level = forms.ChoiceField(label=_("Level settled"), choices=SettledLevel.choices,
                                      initial=SettledLevel.COMMUNITY)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("performance") == Agreement.Performance.BY_DEADLINE and not data.get("performance_due"):
            self.add_error("performance_due", _("Give the date by which the agreement is to be performed."))
        return data


class NoteForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}))
