from django.urls import path

from . import views

app_name = "assistance"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/accept-above/", views.accept_above, name="accept_above"),
    path("suggestions/<int:pk>/decide/", views.decide, name="decide"),
    path("suggestions/<int:pk>/correct/", views.correct, name="correct"),
]
