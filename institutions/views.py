"""Public pages about institutions: what each leads or supports, and how implementation stands."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from recommendations import selectors

from .models import Institution

PAGE_SIZE = 25


def index(request):
    institutions = selectors.institutions_with_assignments(request.user)
    return render(request, "institutions/index.html", {"institutions": institutions})


def detail(request, pk):
    institution = get_object_or_404(Institution.objects.select_related("parent"), pk=pk)
    assignments = Paginator(selectors.institution_assignments(institution, request.user), PAGE_SIZE)
    context = {
        "institution": institution,
        "mix": selectors.institution_summary(institution, request.user),
        "page": assignments.get_page(request.GET.get("page")),
    }
    return render(request, "institutions/detail.html", context)
