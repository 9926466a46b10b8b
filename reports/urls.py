from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/<int:pk>/status/", views.status, name="status"),
    path("jobs/<int:pk>/download/", views.download, name="download"),
]
