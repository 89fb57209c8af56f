"""The public directory: who to contact, how, and on whose word. No login needed."""

from django.shortcuts import get_object_or_404, render

from .selectors import directory_groups, directory_search, platforms_with_entries


def platform_list(request):
    query = request.GET.get("q", "").strip()
    context = {"query": query}
    if query:
        context["results"] = directory_search(query=query)
    else:
        context["groups"] = directory_groups()
    return render(request, "platforms/platform_list.html", context)


def platform_detail(request, slug: str):
    platform = get_object_or_404(platforms_with_entries(), slug=slug)
    return render(request, "platforms/platform_detail.html", {"platform": platform})
