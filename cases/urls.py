from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="new"),
    # The case page's sections, one URL each (cases/views/page.py SECTIONS).
    path("<str:reference>/", views.case_section, {"section": "next"}, name="detail"),
    path("<str:reference>/evidence/", views.case_section, {"section": "evidence"}, name="evidence"),
    path("<str:reference>/timeline/", views.case_section, {"section": "timeline"}, name="timeline"),
    path("<str:reference>/files/", views.case_section, {"section": "files"}, name="files"),
    path("<str:reference>/more/", views.case_section, {"section": "more"}, name="more"),
    path("<str:reference>/edit/", views.case_edit, name="edit"),
    path("<str:reference>/stage/", views.case_move_stage, name="stage"),
    path(
        "<str:reference>/stage/undo/<int:event_id>/",
        views.case_undo_stage,
        name="stage_undo",
    ),
    path("<str:reference>/close/", views.case_close, name="close"),
    path("<str:reference>/reopen/", views.case_reopen, name="reopen"),
    path("<str:reference>/events/new/", views.event_create, name="event_new"),
    path("<str:reference>/guide/<str:stage>/", views.case_guidance, name="guidance"),
    path("<str:reference>/reminders/new/", views.reminder_create, name="reminder_new"),
    path(
        "<str:reference>/reminders/<int:reminder_id>/snooze/",
        views.reminder_snooze,
        name="reminder_snooze",
    ),
    path(
        "<str:reference>/reminders/<int:reminder_id>/done/",
        views.reminder_done,
        name="reminder_done",
    ),
    path("<str:reference>/letters/<str:kind>/", views.case_letter, name="letter"),
    path("<str:reference>/letters/<str:kind>/save/", views.letter_save, name="letter_save"),
    path(
        "<str:reference>/letters/<str:kind>/restore/",
        views.letter_restore,
        name="letter_restore",
    ),
    path("<str:reference>/events/<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("<str:reference>/events/<int:event_id>/delete/", views.event_delete, name="event_delete"),
]
