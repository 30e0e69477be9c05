from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baimi.legal.models import Article, CuratedAnswer, Exhibit, Lecture, LegalNeed, Topic
from baimi.legal.parsing import NUMERAL, chinese_number
from baimi.places.models import Division, Level

_CITATION = re.compile(rf"^\s*(\S+?)\s*第\s*(\d+|{NUMERAL})\s*条\s*$")


def parse_citations(text: str) -> list[Article]:
    """``民法典 第282条, 民法典 第1254条`` (commas, semicolons or new lines between) → articles.
    Raises ValidationError naming every citation that is malformed or not in the library."""
    articles, problems = [], []
    for piece in (p for p in re.split(r"[,，;；、\n]+", text) if p.strip()):
        match = _CITATION.match(piece)
        if match is None:
            problems.append(piece.strip())
            continue
        number = match.group(2)
        value = int(number) if number.isdigit() else chinese_number(number)
        article = Article.objects.select_related("statute").filter(
            statute__short_name=match.group(1), number=value).first()
        if article is None:
            problems.append(piece.strip())
        elif article not in articles:
            articles.append(article)
    if problems:
        raise forms.ValidationError(
            _("Not found in the statute library: %(citations)s. Write them like 民法典 第282条."),
            params={"citations": "、".join(problems)})
    return articles


class AnswerForm(forms.ModelForm):  # type: ignore[type-arg]
    citations = forms.CharField(
        label=_("Articles cited"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or more, e.g. 民法典 第282条, 民法典 第1254条"))

    class Meta:
        model = CuratedAnswer
        fields = ["question", "answer", "published"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["citations"] = ", ".join(a.citation for a in self.instance.articles.select_related("statute"))

    def clean_citations(self) -> list[Article]:
        return parse_citations(self.cleaned_data["citations"])


class ConsultationForm(forms.Form):
    question = forms.CharField(label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


class LectureForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Lecture
        fields = ["topic", "starts_at", "place_kind", "group", "lecturer", "capacity"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args: Any, community: Division, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Division.objects.filter(parent=community, level=Level.GROUP)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("place_kind") == Lecture.Place.GROUP and not data.get("group"):
            self.add_error("group", _("Choose the residents' group whose meeting point hosts the lecture."))
        return data


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How useful was it?"), coerce=int,
                                    choices=[(n, "★" * n) for n in range(5, 0, -1)])
    feedback = forms.CharField(label=_("Feedback"), max_length=500, required=False)


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it about?"), choices=LegalNeed.Kind.choices)
    description = forms.CharField(label=_("What you need"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class RouteForm(forms.Form):
    route = forms.ChoiceField(label=_("Turn it into"), choices=[
        (c, label) for c, label in LegalNeed.Route.choices if c != LegalNeed.Route.OPEN])
    topic = forms.ModelChoiceField(label=_("Lecture topic"), queryset=Topic.objects.all(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("route") == LegalNeed.Route.LECTURE and not data.get("topic"):
            self.add_error("topic", _("Choose the topic the lecture will cover."))
        return data


class ExhibitForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Exhibit
        fields = ["title", "topic", "description", "shows_from", "shows_until"]
        widgets = {"shows_from": forms.DateInput(attrs={"type": "date"}),
                   "shows_until": forms.DateInput(attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("shows_from") and data.get("shows_until") and data["shows_until"] < data["shows_from"]:
            self.add_error("shows_until", _("The display ends before it starts."))
        return data
