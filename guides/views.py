"""Public guide pages: no sign-in, cached by the browser for a while, phone first."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .library import all_guides, glossary_page, guide, search
from .render import render_guide


def start_url(request, item) -> str:
    """The "start" button: a new case with the platform and problem filled in (through
    sign-up first for a visitor, who then lands on the same form)."""
    new_case = reverse("cases:new") + (f"?{item.start_query}" if item.start_query else "")
    if request.user.is_authenticated:
        return new_case
    return reverse("accounts:signup") + "?" + urlencode({"next": new_case})


@require_GET
@cache_control(max_age=300)
def guide_list(request):
    query = request.GET.get("q", "").strip()[:100]
    guides = search(query) if query else list(all_guides().values())
    return render(request, "guides/guide_list.html", {"guides": guides, "query": query})


@require_GET
@cache_control(max_age=300)
def guide_detail(request, slug):
    item = guide(slug)
    if item is None:
        raise Http404
    rendered = render_guide(item)
    related = [
        other
        for other in all_guides().values()
        if other.slug != slug
        and (
            (item.platform and other.platform == item.platform)
            or set(other.stages) & set(item.stages)
        )
    ][:4]
    return render(
        request,
        "guides/guide_detail.html",
        {
            "guide": item,
            "body": rendered.html,
            "answer": rendered.answer,
            "call": rendered.call,
            "rules": rendered.rules,
            "start_url": start_url(request, item),
            "related": related,
            "canonical": request.build_absolute_uri(reverse("guides:detail", args=[slug])),
        },
    )


@require_GET
@cache_control(max_age=300)
def glossary(request):
    """The words the guides use, one meaning each (linked from every guide)."""
    page = glossary_page()
    rendered = render_guide(page)
    return render(
        request,
        "guides/glossary.html",
        {
            "page": page,
            "body": rendered.html,
            "rules": rendered.rules,
            "canonical": request.build_absolute_uri(reverse("guides:glossary")),
        },
    )
