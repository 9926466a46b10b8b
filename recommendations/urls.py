from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.home, name="home"),
    path("recommendations/<str:public_id>/", views.detail, name="detail"),
    path("search/", views.search, name="search"),
    path("states/", views.state_index, name="state_index"),
    path("states/<str:iso3>/", views.state_detail, name="state"),
    path("themes/<int:pk>/", views.theme_detail, name="theme"),
]
