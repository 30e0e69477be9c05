"""People's mediation (人民调解法): the community's committee and its mediators, and cases from the first
call to the performed agreement. The case's states and the moves between them are in ``states.py``;
every write that spans records is in ``services.py``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baimi.mediation.states import State
from baimi.places.models import Division, Household, ScopedQuerySet

if TYPE_CHECKING:
    from baimi.accounts.models import User

# Art. 8: a committee has three to nine members.
MIN_MEMBERS, MAX_MEMBERS = 3, 9
# Art. 33: the parties may jointly ask a court for judicial confirmation within 30 days.
CONFIRMATION_DAYS = 30


class CommunityScopedQuerySet(ScopedQuerySet):
    scope_field = "community"


class Committee(models.Model):
    """The residents' committee's people's mediation committee (Art. 8, 9)."""

    community = models.OneToOneField(Division, verbose_name=_("community"), on_delete=models.PROTECT,
                                     related_name="mediation_committee")
    name = models.CharField(_("name"), max_length=100)
    term_starts = models.DateField(_("term starts"))
    term_ends = models.DateField(_("term ends"), help_text=_("A term is three years (Art. 9)."))
    multi_ethnic = models.BooleanField(
        _("multi-ethnic area"), default=True,
        help_text=_("In a multi-ethnic area the committee should have a member of a smaller ethnic group."))
    police_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("police contact (user)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Told at once when a case may turn into a public-security or criminal case (Art. 25)."))
    police_contact_name = models.CharField(_("police contact"), max_length=100, blank=True)
    police_contact_phone = models.CharField(_("police contact phone"), max_length=20, blank=True)

    objects = CommunityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("people's mediation committee")
        verbose_name_plural = _("people's mediation committees")

    def __str__(self) -> str:
        return self.name

    def composition_warnings(self) -> list[str]:
        """What Art. 8 asks of the committee that it does not meet. Warnings, not a block: a
        committee short of a member still mediates while the residents' meeting elects one."""
        members = [m for m in self.mediators.all() if m.active and m.is_member]
        warnings = []
        if not MIN_MEMBERS <= len(members) <= MAX_MEMBERS:
            warnings.append(str(_("The committee has %(n)s members; Art. 8 asks for three to nine.")
                                % {"n": len(members)}))
        if sum(1 for m in members if m.position == Mediator.Position.CHAIR) != 1:
            warnings.append(str(_("The committee should have exactly one chair (Art. 8).")))
        if not any(m.gender == Mediator.Gender.FEMALE for m in members):
            warnings.append(str(_("The committee has no woman member (Art. 8).")))
        if self.multi_ethnic and not any(m.smaller_ethnic_group for m in members):
            warnings.append(str(_("In a multi-ethnic area the committee should have a member of a smaller "
                                  "ethnic group (Art. 8).")))
        if self.term_ends < timezone.localdate():
            warnings.append(str(_("The committee's term ended on %(date)s; a new one is due (Art. 9).")
                                % {"date": self.term_ends.isoformat()}))
        return warnings


class Mediator(models.Model):
    """A people's mediator: a committee member, or a person the committee appoints (Art. 13)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("committee member")
        LEGAL_ADVISER = "legal_adviser", _("legal adviser")
        RETIRED_CADRE = "retired_cadre", _("retired cadre")
        LEGAL_LITERATE = "legal_literate", _("legally literate resident (法律明白人)")
        OTHER = "other", _("other appointed mediator")

    class Position(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        MEMBER = "member", _("member")
        NONE = "", _("not a member")

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")

    committee = models.ForeignKey(Committee, verbose_name=_("committee"), on_delete=models.CASCADE,
                                  related_name="mediators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="mediator_roles")
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.CharField(_("position on the committee"), max_length=12, choices=Position.choices,
                                blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    smaller_ethnic_group = models.BooleanField(_("member of a smaller ethnic group"), default=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["committee", "position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_member(self) -> bool:
        return bool(self.position)


class DisputeType(models.TextChoices):
    MARRIAGE_FAMILY = "marriage_family", _("marriage and family")
    NEIGHBOURS = "neighbours", _("neighbours")
    HOUSING = "housing", _("housing and house sites")
    PROPERTY_MANAGEMENT = "property_management", _("property management")
    COMPENSATION = "compensation", _("compensation for damage")
    DEBT = "debt", _("debts")
    CONTRACT = "contract", _("contracts")
    OTHER = "other", _("other")


class Source(models.TextChoices):
    APPLICATION = "application", _("application by a party")
    HELP_REQUEST = "help_request", _("help request")
    COURT = "court", _("referred by the court (Art. 18)")
    POLICE = "police", _("referred by the police (Art. 18)")
    OWN_INITIATIVE = "own_initiative", _("committee's own initiative (Art. 17)")


class SettledLevel(models.TextChoices):
    GROUP = "group", _("inside the residents' group")
    COMMUNITY = "community", _("inside the community")
    ABOVE = "above", _("above the community")


class CaseQuerySet(CommunityScopedQuerySet):
    def open(self) -> CaseQuerySet:
        return self.exclude(state=State.CLOSED)


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=30, unique=True)
    community = models.ForeignKey(Division, verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="mediation_cases")
    # SET_NULL: regenerating the demo community deletes and recreates its groups.
    group = models.ForeignKey(Division, verbose_name=_("residents' group"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    dispute_type = models.CharField(_("dispute type"), max_length=24, choices=DisputeType.choices)
    facts = models.TextField(_("facts as told"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_reference = models.CharField(_("source reference"), max_length=64, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.REGISTERED)
    public = models.BooleanField(_("public mediation"), default=False,
                                 help_text=_("Mediation is private unless the parties ask for it in public "
                                             "(Art. 23)."))
    risk_flag = models.BooleanField(_("may turn into a public-security or criminal case"), default=False)
    risk_note = models.TextField(_("risk note"), blank=True)
    risk_flagged_at = models.DateTimeField(_("risk flagged at"), null=True, blank=True)
    settled_level = models.CharField(_("level settled"), max_length=12, choices=SettledLevel.choices,
                                     blank=True)
    routes_notice = models.TextField(_("routes told to the parties (Art. 26)"), blank=True)
    end_reason = models.TextField(_("why mediation ended"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(_("registered at"), default=timezone.now)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def mediator_users(self) -> list[User]:
        return [m.mediator.user for m in self.assignments.select_related("mediator__user") if m.mediator.user]


class Party(models.Model):
    class Side(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        RESPONDENT = "respondent", _("respondent")

    class Consent(models.TextChoices):
        PENDING = "pending", _("not yet asked")
        GIVEN = "given", _("agrees to mediation")
        REFUSED = "refused", _("clearly refuses mediation")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    household = models.ForeignKey(Household, verbose_name=_("household"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    consent = models.CharField(_("consent"), max_length=8, choices=Consent.choices, default=Consent.PENDING)
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("consent recorded by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "side", "id"]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A mediator on a case: appointed by the committee or chosen by the parties (Art. 19, 23)."""

    class How(models.TextChoices):
        APPOINTED = "appointed", _("appointed by the committee")
        CHOSEN = "chosen", _("chosen by the parties")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    mediator = models.ForeignKey(Mediator, verbose_name=_("mediator"), on_delete=models.PROTECT,
                                 related_name="assignments")
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    accepted_by_parties = models.BooleanField(_("accepted by the parties"), default=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "mediator"], name="one_assignment_per_mediator")]

    def __str__(self) -> str:
        return f"{self.mediator} ({self.get_how_display()})"


class Participant(models.Model):
    """Someone the mediator invites with the parties' consent (Art. 20)."""

    class Relation(models.TextChoices):
        RELATIVE = "relative", _("relative")
        NEIGHBOUR = "neighbour", _("neighbour")
        COLLEAGUE = "colleague", _("colleague")
        EXPERT = "expert", _("expert")
        OTHER = "other", _("other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    parties_consented = models.BooleanField(_("the parties consented"), default=False)
    invited_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class Record(models.Model):
    """A site visit, a piece of evidence or an expert finding, with an optional file."""

    class Kind(models.TextChoices):
        SITE_VISIT = "site_visit", _("site visit")
        EVIDENCE = "evidence", _("evidence")
        EXPERT_FINDING = "expert_finding", _("expert finding")
        IDENTITY = "identity", _("identity proof")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    happened_at = models.DateTimeField(_("when"), default=timezone.now)
    file = models.FileField(_("file"), upload_to="mediation/", blank=True)
    file_type = models.CharField(max_length=40, blank=True)
    file_name = models.CharField(_("original file name"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["happened_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Session(models.Model):
    """A mediation session and its minutes (Art. 27); public only if the parties asked (Art. 23)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("held at"), default=timezone.now)
    place = models.CharField(_("place"), max_length=100)
    public = models.BooleanField(_("public"), default=False)
    attendees = models.CharField(_("present"), max_length=300)
    minutes = models.TextField(_("minutes"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.held_at:%Y-%m-%d} {self.place}"


class Agreement(models.Model):
    """The mediated agreement (Art. 28–31): oral (the mediator records it) or written."""

    class Form(models.TextChoices):
        ORAL = "oral", _("oral (recorded by the mediator)")
        WRITTEN = "written", _("written agreement")

    class Performance(models.TextChoices):
        AT_ONCE = "at_once", _("performed at once")
        BY_DEADLINE = "by_deadline", _("performed by a deadline")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="agreement")
    form = models.CharField(_("form"), max_length=8, choices=Form.choices)
    disputed_matters = models.TextField(_("disputed matters"))
    responsibilities = models.TextField(_("each party's responsibility"))
    terms = models.TextField(_("what was agreed"))
    performance = models.CharField(_("performance"), max_length=12, choices=Performance.choices)
    performance_due = models.DateField(_("to be performed by"), null=True, blank=True)
    effective_at = models.DateTimeField(_("took effect"), null=True, blank=True)
    performed_at = models.DateTimeField(_("performed"), null=True, blank=True)
    performance_note = models.TextField(_("how it was performed"), blank=True)
    judicial_confirmed_at = models.DateTimeField(_("confirmed by the court"), null=True, blank=True,
                                                 help_text=_("When the court confirmed the agreement (Art. 33)."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_form_display()}"

    @property
    def confirmation_deadline(self) -> dt.date | None:
        """The last day to ask a court jointly for judicial confirmation (Art. 33)."""
        if self.effective_at is None:
            return None
        return timezone.localdate(self.effective_at) + dt.timedelta(days=CONFIRMATION_DAYS)

    def confirmation_days_left(self, today: dt.date | None = None) -> int | None:
        deadline = self.confirmation_deadline
        if deadline is None:
            return None
        return (deadline - (today or timezone.localdate())).days


class FollowUp(models.Model):
    """A follow-up visit (回访) or a supervision contact about performance (Art. 31)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(_("what was found"))

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.notes[:30]}"


class Move(models.Model):
    """One move of a case between states: who, when, and what they gave for it. Append-only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="moves")
    from_state = models.CharField(max_length=16, choices=State.choices)
    to_state = models.CharField(max_length=16, choices=State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Notice(models.Model):
    """An on-screen notice, used while ``baimi.notifications`` is not installed; one per dedup key."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, null=True, on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=200, blank=True)
    dedup_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
