"""The search page and the suggestions under the search box (an htmx fragment)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partneratlas.atlas.presenting import Names, present
from partneratlas.atlas.searching import search as run_search
from partneratlas.atlas.searching import suggestions


def search(request: HttpRequest) -> HttpResponse:
    results = run_search(request.GET.get("q", ""))
    return render(request, "atlas/search.html", {
        "results": results, "items": present(results.partnerships, Names.load()) if results.partnerships else []})


def suggest(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    return render(request, "atlas/_suggestions.html", {"places": suggestions(text), "text": text.strip()})
