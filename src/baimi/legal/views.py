"""Pages of the legal app. Statutes are public text for any signed-in user; curated answers and
consultations are read through ``visible_to(user)`` like every other community record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baimi.accounts import audit
from baimi.accounts.models import AuditEvent, User
from baimi.accounts.roles import Role
from baimi.legal import retrieval, services
from baimi.legal.forms import AnswerForm, ConsultationForm, ReplyForm
from baimi.legal.models import Article, CuratedAnswer, LegalConsultation, Statute
from baimi.legal.services import community_of


@require_GET
@login_required
def statute_list(request: HttpRequest) -> HttpResponse:
    statutes = Statute.objects.annotate(article_count=Count("articles"))
    return render(request, "legal/statute_list.html", {"statutes": statutes})


@require_GET
@login_required
def statute_detail(request: HttpRequest, name: str) -> HttpResponse:
    statute = get_object_or_404(Statute, short_name=name)
    articles = list(statute.articles.select_related("part", "part__parent", "chapter", "section"))
    return render(request, "legal/statute_detail.html", {"statute": statute, "articles": articles})


@require_GET
@login_required
def article_detail(request: HttpRequest, name: str, number: int) -> HttpResponse:
    article = (Article.objects.select_related("statute", "part", "part__parent", "chapter", "section")
               .filter(statute__short_name=name, number=number).first())
    if article is None:
        raise Http404
    context = {
        "article": article,
        "previous": article.number - 1 if article.number > 1 else None,
        "next": article.number + 1 if Article.objects.filter(statute=article.statute,
                                                            number=article.number + 1).exists() else None,
    }
    return render(request, "legal/article_detail.html", context)


# --- questions and answers -------------------------------------------------------------------------

def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _require_adviser(request: HttpRequest) -> User:
    """Curated answers and replies are the legal adviser's work (一村（社区）一法律顾问)."""
    user = _user(request)
    if user.role != Role.LEGAL_ADVISER or community_of(user) is None:
        raise PermissionDenied
    return user


def _get_answer_for_user(request: HttpRequest, pk: int) -> CuratedAnswer:
    answer: CuratedAnswer | None = CuratedAnswer.objects.visible_to(_user(request)).filter(pk=pk).first()
    if answer is None:
        other = CuratedAnswer.objects.filter(pk=pk).first()
        if other is not None:
            audit.record(action="view", outcome=AuditEvent.Outcome.DENIED, request=request, obj=other)
        raise Http404
    return answer


# A consultation is a resident's own legal trouble: only they, the legal adviser and the community
# office (and the administrator) read it. Officers will see counts, never the text.
_CONSULTATION_READERS = frozenset({Role.RESIDENT, Role.LEGAL_ADVISER, Role.COMMUNITY_WORKER, Role.ADMINISTRATOR})


def _require_consultation_reader(request: HttpRequest) -> User:
    user = _user(request)
    if user.role not in _CONSULTATION_READERS:
        raise PermissionDenied
    return user


def _get_consultation_for_user(request: HttpRequest, pk: int) -> LegalConsultation:
    _require_consultation_reader(request)
    consultation: LegalConsultation | None = (
        LegalConsultation.objects.visible_to(_user(request)).select_related("requester", "group", "replied_by")
        .filter(pk=pk).first())
    if consultation is None:
        other = LegalConsultation.objects.filter(pk=pk).first()
        if other is not None:
            audit.record(action="view", outcome=AuditEvent.Outcome.DENIED, request=request, obj=other)
        raise Http404
    return consultation


@require_GET
@login_required
def ask(request: HttpRequest) -> HttpResponse:
    question = request.GET.get("q", "").strip()[:200]
    user = _user(request)
    context: dict[str, object] = {"question": question, "can_consult": community_of(user) is not None}
    if question:
        found = retrieval.answer_question(question, community=community_of(user))
        services.question_log(community=community_of(user), text=question, out_of_scope=found.out_of_scope,
                              top_article=found.articles[0].article if found.articles else None,
                              answered_by_adviser=bool(found.answers))
        context["found"] = found
        context["consult_form"] = ConsultationForm(initial={"question": question})
    return render(request, "legal/ask.html", context)


@require_GET
@login_required
def answer_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    answers = CuratedAnswer.objects.visible_to(user).prefetch_related("articles__statute")
    if user.role != Role.LEGAL_ADVISER:
        answers = answers.published()
    context = {"answers": answers, "is_adviser": user.role == Role.LEGAL_ADVISER}
    return render(request, "legal/answer_list.html", context)


@require_GET
@login_required
def answer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _get_answer_for_user(request, pk)
    if not answer.published and _user(request).role != Role.LEGAL_ADVISER:
        raise Http404
    articles = answer.articles.select_related("statute")
    return render(request, "legal/answer_detail.html", {"answer": answer, "articles": articles})


@require_http_methods(["GET", "POST"])
@login_required
def answer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    adviser = _require_adviser(request)
    instance = _get_answer_for_user(request, pk) if pk is not None else None
    form = AnswerForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        answer = services.answer_save(
            author=adviser, question=form.cleaned_data["question"], answer=form.cleaned_data["answer"],
            articles=form.cleaned_data["citations"], published=form.cleaned_data["published"], instance=instance)
        messages.success(request, _("The answer is saved."))
        return redirect("legal:answer", answer.pk)
    return render(request, "legal/answer_form.html", {"form": form, "answer": instance})


@require_POST
@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if community_of(user) is None:
        raise PermissionDenied
    form = ConsultationForm(request.POST)
    if not form.is_valid():
        return render(request, "legal/ask.html", {"question": request.POST.get("question", ""),
                                                  "consult_form": form, "can_consult": True}, status=400)
    question = form.cleaned_data["question"]
    out_of_scope = retrieval.article_index().search(question).out_of_scope
    consultation = services.consultation_open(requester=user, question=question, out_of_scope=out_of_scope)
    messages.success(request, _("Your question has been sent to the community's legal adviser."))
    return redirect("legal:consultation", consultation.pk)


@require_GET
@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = (LegalConsultation.objects.visible_to(_require_consultation_reader(request))
                     .select_related("requester", "group", "community"))
    audit.record(action="list", request=request, object_type="legal.LegalConsultation",
                 area_path=_user(request).scope_path or "")
    return render(request, "legal/consultation_list.html", {"consultations": consultations})


@require_GET
@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _get_consultation_for_user(request, pk)
    audit.record(action="view", request=request, obj=consultation)
    user = _user(request)
    can_reply = user.role == Role.LEGAL_ADVISER and consultation.status == LegalConsultation.Status.OPEN
    return render(request, "legal/consultation_detail.html",
                  {"consultation": consultation, "reply_form": ReplyForm() if can_reply else None})


@require_POST
@login_required
def consultation_reply(request: HttpRequest, pk: int) -> HttpResponse:
    adviser = _require_adviser(request)
    consultation = _get_consultation_for_user(request, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return render(request, "legal/consultation_detail.html",
                      {"consultation": consultation, "reply_form": form}, status=400)
    services.consultation_reply(consultation=consultation, adviser=adviser, reply=form.cleaned_data["reply"])
    return redirect("legal:consultation", consultation.pk)
