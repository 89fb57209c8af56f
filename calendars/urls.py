from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("calendar/", views.calendar_settings, name="settings"),
    path("calendar/new/", views.calendar_create, name="create"),
    path("calendar/reset/", views.calendar_reset, name="reset"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("cases/<str:reference>/deadlines/<slug:code>.ics", views.deadline_ics, name="deadline"),
]
