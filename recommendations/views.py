from django.shortcuts import render

from .selectors import headline_figures


def home(request):
    return render(request, "recommendations/home.html", {"figures": headline_figures()})
