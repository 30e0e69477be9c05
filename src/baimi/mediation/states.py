"""A case's states and the only moves between them, in one table, enforced by one function.

    registered ──▶ mediating ──▶ agreed ──▶ performed ──▶ closed
        │              │            └──────────────────────▶ ▲   (not performed, after follow-up)
        ▼              ▼                                      │
     declined        failed ──────────────────────────────────┘  (declined ─▶ closed too)

Each move may need something to be true first (its guard): mediation starts only when every party has
agreed to it and a mediator is on the case (Art. 17, 19); a case a party clearly refuses can only be
declined (Art. 17); "failed" needs the parties told their routes (Art. 26); "agreed" needs an agreement
in effect (Art. 29, 30); "performed" needs the performance recorded (Art. 31); an agreement left
unperformed is closed only after its date has passed and the committee has followed it up (Art. 31) —
the parties then have the court (Art. 32, 33).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from baimi.accounts.models import User
    from baimi.mediation.models import Case


class State(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("case state", "registered")
    DECLINED = "declined", pgettext_lazy("case state", "declined by a party")
    MEDIATING = "mediating", pgettext_lazy("case state", "in mediation")
    AGREED = "agreed", pgettext_lazy("case state", "agreement in effect")
    PERFORMED = "performed", pgettext_lazy("case state", "agreement performed")
    FAILED = "failed", pgettext_lazy("case state", "ended without agreement")
    CLOSED = "closed", pgettext_lazy("case state", "closed")


class MoveRefused(ValueError):
    """The move is not in the table, or its guard does not hold; the message says why."""


def _all_consented_and_mediator(case: Case) -> str | None:
    parties = list(case.parties.all())
    if len(parties) < 2:
        return str(_("A dispute needs at least two parties."))
    if any(p.consent == p.Consent.REFUSED for p in parties):
        return str(_("A party clearly refuses mediation; the case cannot be mediated (Art. 17)."))
    if any(p.consent != p.Consent.GIVEN for p in parties):
        return str(_("Every party must agree to mediation first (Art. 17)."))
    if not case.assignments.filter(accepted_by_parties=True).exists():
        return str(_("Appoint or let the parties choose a mediator first (Art. 19)."))
    return None


def _a_party_refused(case: Case) -> str | None:
    if not case.parties.filter(consent="refused").exists():
        return str(_("No party has refused mediation."))
    return None


def _agreement_in_effect(case: Case) -> str | None:
    agreement = getattr(case, "agreement", None)
    if agreement is None or agreement.effective_at is None:
        return str(_("Record the agreement and have it take effect first (Art. 29, 30)."))
    return None


def _routes_told(case: Case) -> str | None:
    if not case.routes_notice.strip():
        return str(_("Tell the parties in writing of their other routes first (Art. 26)."))
    return None


def _performance_recorded(case: Case) -> str | None:
    agreement = getattr(case, "agreement", None)
    if agreement is None or agreement.performed_at is None:
        return str(_("Record how the agreement was performed first (Art. 31)."))
    return None


def _unperformed_and_followed_up(case: Case) -> str | None:
    from django.utils import timezone

    agreement = getattr(case, "agreement", None)
    due = agreement.performance_due if agreement is not None else None
    if agreement is None or agreement.performed_at is not None or (due and due >= timezone.localdate()):
        return str(_("An agreement is closed unperformed only after its date has passed (Art. 31)."))
    if not case.follow_ups.filter(at__gte=agreement.effective_at).exists():
        return str(_("Follow up the performance before closing the case unperformed (Art. 31)."))
    return None


def _always(case: Case) -> str | None:
    return None


Guard = Callable[["Case"], "str | None"]

MOVES: dict[tuple[str, str], Guard] = {
    (State.REGISTERED, State.MEDIATING): _all_consented_and_mediator,
    (State.REGISTERED, State.DECLINED): _a_party_refused,
    (State.MEDIATING, State.AGREED): _agreement_in_effect,
    (State.MEDIATING, State.FAILED): _routes_told,
    (State.AGREED, State.PERFORMED): _performance_recorded,
    (State.AGREED, State.CLOSED): _unperformed_and_followed_up,
    (State.PERFORMED, State.CLOSED): _always,
    (State.FAILED, State.CLOSED): _always,
    (State.DECLINED, State.CLOSED): _always,
}

SETTLED = frozenset({State.AGREED, State.PERFORMED})
ENDED = frozenset({State.DECLINED, State.FAILED, State.CLOSED})


def allowed_moves(state: str) -> list[str]:
    return [to for (frm, to) in MOVES if frm == state]


def why_not(case: Case, to: str) -> str | None:
    """None when ``case`` may move to ``to`` now, else the reason it may not."""
    guard = MOVES.get((case.state, to))
    if guard is None:
        return str(_("A case that is “%(from)s” cannot become “%(to)s”.")
                   % {"from": State(case.state).label, "to": State(to).label if to in State.values else to})
    return guard(case)


@transaction.atomic
def move(case: Case, to: str, by: User | None, **details: Any) -> Case:
    """Move ``case`` to state ``to`` for ``by``, or raise MoveRefused. The row is locked so two
    people pressing the same button cannot both move it; the move is recorded with who and when."""
    from baimi.accounts import audit
    from baimi.mediation.models import Case, Move

    locked = Case.objects.select_for_update().get(pk=case.pk)
    reason = why_not(locked, to)
    if reason is not None:
        raise MoveRefused(reason)
    now = timezone.now()
    from_state = locked.state
    locked.state = to
    fields = ["state"]
    if to == State.AGREED:
        locked.settled_at = now
        fields.append("settled_at")
    if to == State.CLOSED:
        locked.closed_at = now
        fields.append("closed_at")
    locked.save(update_fields=fields)
    Move.objects.create(case=locked, from_state=from_state, to_state=to, by=by, at=now,
                        details={k: str(v) for k, v in details.items()})
    audit.record(action="change", user=by, obj=locked, move=f"{from_state}->{to}")
    case.state, case.settled_at, case.closed_at = locked.state, locked.settled_at, locked.closed_at
    return case
