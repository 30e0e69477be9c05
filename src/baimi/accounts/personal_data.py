"""A person's data on request (PIPL Art. 45: access and copy; Art. 47: deletion).

``export`` gathers everything Baimi holds that points at a household or a user: the household row,
the residents' accounts, and every row of every Baimi model with a foreign key to either (help
requests, consultations, sign-ups, volunteer records, ... — found by looking at the models, so an
app added later is included without changes here).

``anonymise`` is the erasure Baimi can do on its own: the household's and the accounts' identifying
fields are blanked, the accounts locked. Records other laws require to be kept (mediation files,
the audit log) are not deleted; they keep pointing at the now anonymous household or account. The
result lists every linked record that stays, so the operator can check the free text in them
(a question may name its writer) by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from baimi.accounts import audit
from baimi.accounts.models import User
from baimi.places.models import Household

ANONYMOUS = "（已匿名）"


@dataclass
class PersonalData:
    household: Household | None
    users: list[User]
    linked: dict[str, list[models.Model]] = field(default_factory=dict)  # model label → rows

    def as_json(self) -> str:
        rows: list[models.Model] = [*([self.household] if self.household else []), *self.users]
        for group in self.linked.values():
            rows.extend(group)
        data = serializers.serialize("python", rows)
        for row in data:  # a password hash is not the person's data to take away
            row["fields"].pop("password", None)
        return json.dumps({"format": "baimi-personal-data/1", "records": data}, cls=DjangoJSONEncoder,
                          ensure_ascii=False, indent=2)


def _links_to(target: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) of Baimi's models with a foreign key to ``target``."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("baimi."):
            continue
        for f in model._meta.get_fields():
            if isinstance(f, models.ForeignKey | models.OneToOneField) and f.related_model is target:
                found.append((model, f.name))
    return found


def collect(*, household: Household | None = None, user: User | None = None) -> PersonalData:
    if household is None and user is None:
        raise ValueError("name a household or a user")
    if household is None and user is not None:
        household = user.household
    users = list(User.objects.filter(household=household)) if household else []
    if user is not None and user not in users:
        users.append(user)
    result = PersonalData(household, users)
    for target, keys in ((Household, [household.pk] if household else []), (User, [u.pk for u in users])):
        if not keys:
            continue
        for model, name in _links_to(target):
            if model is User and target is Household:
                continue  # the accounts are listed already
            rows = list(model._default_manager.filter(**{f"{name}__in": keys}))
            if rows:
                result.linked.setdefault(model._meta.label, []).extend(
                    r for r in rows if r not in result.linked.get(model._meta.label, []))
    return result


def export(*, by: User | None, household: Household | None = None, user: User | None = None) -> str:
    data = collect(household=household, user=user)
    audit.record(action="export", user=by, obj=data.household or data.users[0],
                 records=sum(len(v) for v in data.linked.values()) + len(data.users) + (1 if data.household else 0))
    return data.as_json()


@transaction.atomic
def anonymise(*, by: User | None, household: Household) -> dict[str, int]:
    """Blank the household's and its residents' identifying fields; return what stays linked."""
    data = collect(household=household)
    household.head_name, household.phone, household.id_number = ANONYMOUS, "", ""
    household.address = ANONYMOUS
    household.elderly_alone, household.disability, household.children = False, False, 0
    household.save(update_fields=["head_name", "phone", "id_number", "address", "elderly_alone", "disability",
                                  "children"])
    for account in data.users:
        account.username = f"erased-{account.pk}"
        account.first_name = account.last_name = account.email = account.phone = ""
        account.display_name = ANONYMOUS
        account.is_active = False
        account.set_unusable_password()
        account.save()
    audit.record(action="anonymise", user=by, obj=household, accounts=len(data.users))
    return {label: len(rows) for label, rows in data.linked.items()}
