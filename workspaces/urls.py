from django.urls import path

from . import views

app_name = "workspaces"
urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.coordinator, name="coordinator"),
    path("validation/", views.validator, name="validator"),
    path("civil-society/", views.civil_society, name="civil_society"),
]
