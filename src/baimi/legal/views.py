"""Pages of the legal app. Statutes are public text for any signed-in user; curated answers and
consultations are read through ``visible_to(user)`` like every other community record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from baimi.legal.models import Article, Statute


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
