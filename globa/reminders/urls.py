from django.urls import path

from globa.reminders import views

app_name = "reminders"
urlpatterns = [
    path("tasks/new/", views.task_add, name="task_add"),
    path("reminders/<str:reminder_id>/done/", views.reminder_done, name="done"),
]
