"""The demo community's mediation: its committee and mediators, the article's water-leak case from the
phone call to the follow-up visit, and a handful of other cases so the figures have something to show."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from baimi.accounts.models import User
from baimi.mediation import services
from baimi.mediation.models import Agreement, Assignment, Case, Committee, Mediator, Party, Record, Source
from baimi.mediation.states import State, move
from baimi.places.models import Division, Household

log = logging.getLogger(__name__)

ADVISER_NAME = "刘万根"
LEAK_FACTS = ("居民顾某来电：下班回家后发现厨房、客厅、餐厅和卫生间天花板持续渗水，"
              "与楼上住户刘某协商未果，请求社区帮助解决。")


@transaction.atomic
def create_demo_mediation(community: Division) -> None:
    Case.objects.filter(community=community).delete()
    Committee.objects.filter(community=community).delete()
    committee = _committee(community)
    adviser = committee.mediators.get(kind=Mediator.Kind.LEGAL_ADVISER)
    mediator = committee.mediators.get(position=Mediator.Position.CHAIR)
    _leak_case(community, adviser, mediator)
    _other_cases(community, mediator)


def _committee(community: Division) -> Committee:
    today = timezone.localdate()
    police = User.objects.filter(username="town").first()
    committee = Committee.objects.create(
        community=community, name=f"{community.name}人民调解委员会", term_starts=today.replace(month=1, day=1),
        term_ends=today.replace(month=1, day=1) + dt.timedelta(days=3 * 365), multi_ethnic=True,
        police_contact=police, police_contact_name="库额尔齐斯镇派出所 社区民警", police_contact_phone="0906-8712110")
    adviser_user = User.objects.filter(username="adviser").first()
    mediator_user = User.objects.filter(username="mediator").first()
    if adviser_user is not None:  # the article's adviser; the demo user set-up gives a generic name
        User.objects.filter(pk=adviser_user.pk).update(display_name=ADVISER_NAME)
    people: list[dict[str, Any]] = [
        {"name": "马秀兰", "kind": Mediator.Kind.MEMBER, "position": Mediator.Position.CHAIR,
         "gender": Mediator.Gender.FEMALE, "ethnicity": "回族", "smaller_ethnic_group": True, "user": mediator_user},
        {"name": "阿依古丽", "kind": Mediator.Kind.MEMBER, "position": Mediator.Position.VICE_CHAIR,
         "gender": Mediator.Gender.FEMALE, "ethnicity": "哈萨克族", "smaller_ethnic_group": True},
        {"name": "张建国", "kind": Mediator.Kind.MEMBER, "position": Mediator.Position.MEMBER,
         "gender": Mediator.Gender.MALE, "ethnicity": "汉族"},
        {"name": ADVISER_NAME, "kind": Mediator.Kind.LEGAL_ADVISER, "position": Mediator.Position.NONE,
         "gender": Mediator.Gender.MALE, "ethnicity": "汉族", "user": adviser_user},
        {"name": "王德明", "kind": Mediator.Kind.RETIRED_CADRE, "position": Mediator.Position.NONE,
         "gender": Mediator.Gender.MALE, "ethnicity": "汉族"},
        {"name": "叶尔兰", "kind": Mediator.Kind.LEGAL_LITERATE, "position": Mediator.Position.NONE,
         "gender": Mediator.Gender.MALE, "ethnicity": "哈萨克族", "smaller_ethnic_group": True},
    ]
    Mediator.objects.bulk_create([Mediator(committee=committee, **p) for p in people])
    return committee


def _flats(community: Division) -> tuple[Household | None, Household | None]:
    """A flat and the one right above it (the leak came through 顾某's ceiling)."""
    for lower in Household.objects.filter(community=community, address__endswith="1单元201室").order_by("ref")[:20]:
        upper = Household.objects.filter(building=lower.building,
                                         address=lower.address.replace("1单元201室", "1单元301室")).first()
        if upper is not None:
            return lower, upper
    flats = list(Household.objects.filter(community=community).order_by("ref")[:2])
    return (flats[0], flats[1]) if len(flats) == 2 else (None, None)


def _help_request_case(community: Division, lower: Household | None, by: User | None) -> Case | None:
    """When the helpdesk is there, the case starts as 顾某's phone call to it, as in the article."""
    if not apps.is_installed("baimi.helpdesk"):
        return None
    try:
        category_model = apps.get_model("helpdesk", "HelpCategory")
        from baimi.helpdesk.services import submit_help_request  # type: ignore[import-not-found,unused-ignore]
    except (LookupError, ImportError):
        return None
    category = category_model.objects.filter(code="neighbour_dispute").first()
    if category is None or lower is None:
        return None
    try:
        with transaction.atomic():  # a savepoint: a helpdesk that differs from the contract costs only this
            request, _created = submit_help_request(
                category=category, description=LEAK_FACTS, community=community, group=lower.group,
                household=lower, contact_name="顾某", contact_phone=lower.phone, recorded_by=by,
                consent_noted=True, channel="phone", idempotency_key="demo:mediation:leak")
            return services.open_case_from_help_request(request, by=by)
    except Exception:  # another app's demo must not stop ours: the case then starts as a phone call
        log.exception("the leak case starts without a help request")
        return None


def _leak_case(community: Division, adviser: Mediator, chair: Mediator) -> Case:
    worker = User.objects.filter(username="worker").first()
    lower, upper = _flats(community)
    start = timezone.now() - dt.timedelta(days=12)
    case = _help_request_case(community, lower, worker)
    if case is None:
        case = services.case_open(
            community=community, group=lower.group if lower else None, title="楼上漏水致楼下天花板渗水",
            dispute_type="neighbours", facts=LEAK_FACTS, source=Source.APPLICATION, source_reference="电话",
            by=worker, opened_at=start,
            parties=[{"side": Party.Side.APPLICANT, "name": "顾某", "household": lower,
                      "phone": lower.phone if lower else "", "address": lower.address if lower else ""}])
    else:  # the story is dated twelve days back, as the visits and the session below
        Case.objects.filter(pk=case.pk).update(title="楼上漏水致楼下天花板渗水", opened_at=start)
        case.refresh_from_db()
    services.party_add(case=case, by=worker, side=Party.Side.RESPONDENT, name="刘某", household=upper,
                       phone=upper.phone if upper else "", address=upper.address if upper else "")
    by = adviser.user
    for party in case.parties.all():
        services.party_consent(party=party, consent=Party.Consent.GIVEN, by=by)
    services.mediator_assign(case=case, mediator=adviser, how=Assignment.How.APPOINTED, by=worker)
    services.mediator_assign(case=case, mediator=chair, how=Assignment.How.APPOINTED, by=worker)
    services.record_add(case=case, kind=Record.Kind.IDENTITY, title="身份证明", by=by,
                        happened_at=start + dt.timedelta(hours=1),
                        description="核对顾某、刘某居民身份证原件，复印件附卷。")
    services.record_add(case=case, kind=Record.Kind.SITE_VISIT, title="走访顾某家", by=by,
                        happened_at=start + dt.timedelta(hours=2),
                        description="厨房、客厅、餐厅、卫生间天花板均有漏水痕迹。")
    services.record_add(case=case, kind=Record.Kind.SITE_VISIT, title="走访楼上刘某家", by=by,
                        happened_at=start + dt.timedelta(hours=3), description="刘某家地面无明显积水，未见用水异常。")
    move(case, State.MEDIATING, by)
    services.participant_invite(case=case, name="李师傅", relation="expert", note="专业水管维修人员，进行打压测试",
                                parties_consented=True, by=by)
    services.record_add(case=case, kind=Record.Kind.EXPERT_FINDING, title="打压测试", by=by,
                        happened_at=start + dt.timedelta(days=1),
                        description="经专业人员打压测试，漏水原因为楼栋主管道渗漏，非刘某家自用管道所致。")
    services.session_add(case=case, place="社区人民调解室", attendees="顾某、刘某、刘万根、马秀兰", by=by,
                         held_at=start + dt.timedelta(days=2),
                         minutes="法律顾问刘万根讲解《民法典》相邻关系相关规定，说明打压测试结果：主管道渗漏。"
                                 "双方同意共同承担主管道维修费用，各自承担一半。")
    services.agreement_record(
        case=case, form=Agreement.Form.WRITTEN, by=by, disputed_matters="顾某家天花板渗水的原因及维修费用的承担。",
        responsibilities="漏水系楼栋主管道渗漏所致，双方均非过错方，维修费用由双方共同分担。",
        terms="一、由刘某联系维修人员更换渗漏的主管道；二、维修费用由顾某、刘某各承担一半；三、双方今后和睦相处。",
        performance=Agreement.Performance.AT_ONCE, settled_level="community")
    services.agreement_take_effect(case=case, by=by, at=start + dt.timedelta(days=2, hours=1))
    services.agreement_performed(case=case, note="双方当场支付各自承担的维修费用，主管道当日修复。", by=by)
    move(case, State.CLOSED, by)
    services.follow_up_add(case=case, notes="回访：主管道修复后未再漏水，双方关系融洽。", by=by)
    return case


def _other_cases(community: Division, chair: Mediator) -> None:
    """A few more cases in other states and types, for the case list and the figures."""
    worker = User.objects.filter(username="worker").first()
    groups = list(Division.objects.filter(parent=community, level="group").order_by("code")[:3])
    specs = [
        ("marriage_family", "赡养老人费用分担", "group", True),
        ("property_management", "物业费与停车位纠纷", "community", True),
        ("debt", "邻里借款未还", None, False),
        ("housing", "院墙界址争议", None, None),
    ]
    for i, (kind, title, level, agreed) in enumerate(specs):
        case = services.case_open(
            community=community, group=groups[i % len(groups)] if groups else None, title=title,
            dispute_type=kind, facts=f"{title}，当事人申请调解。", source=Source.APPLICATION, by=worker,
            opened_at=timezone.now() - dt.timedelta(days=20 - 4 * i),
            parties=[{"side": Party.Side.APPLICANT, "name": f"申请人{i + 1}"},
                     {"side": Party.Side.RESPONDENT, "name": f"被申请人{i + 1}"}])
        if agreed is None:
            continue  # left registered: consent still to be asked
        for party in case.parties.all():
            services.party_consent(party=party, consent=Party.Consent.GIVEN, by=worker)
        services.mediator_assign(case=case, mediator=chair, how=Assignment.How.CHOSEN, by=worker)
        move(case, State.MEDIATING, worker)
        if agreed:
            services.agreement_record(
                case=case, form=Agreement.Form.ORAL, disputed_matters=title, responsibilities="双方各让一步。",
                terms="按调解意见履行。", performance=Agreement.Performance.BY_DEADLINE, by=worker,
                performance_due=timezone.localdate() + dt.timedelta(days=2), settled_level=level or "community")
        else:
            services.case_end_without_agreement(case=case, reason="双方分歧较大，调解不成。", by=worker)
