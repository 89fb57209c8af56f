from django.urls import path

from . import views

app_name = "advisors"

urlpatterns = [
    path("<str:reference>/help/", views.help_request, name="help"),
    path("<str:reference>/help/withdraw/", views.help_withdraw, name="help_withdraw"),
    path("<str:reference>/advice/<int:reply_id>/answer/", views.reply_answer, name="answer"),
]
