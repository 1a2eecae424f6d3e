from django.urls import path

from clearsight.reminders import views

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/preferences/", views.preferences, name="reminder-preferences"),
]
