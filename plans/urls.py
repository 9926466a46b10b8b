from django.urls import path, re_path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_edit, name="create"),
    path("coverage/", views.coverage, name="coverage"),
    path("from-search/", views.from_search, name="from_search"),
    path("import/", views.import_plan, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    re_path(r"^(?P<pk>[0-9]+)/matrix\.(?P<file_format>xlsx|docx)$", views.export, name="export"),
    path("<int:pk>/<slug:transition>/", views.plan_transition, name="transition"),
    path("<int:plan_pk>/actions/new/", views.action_edit, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/report/", views.progress_create, name="progress_create"),
]
