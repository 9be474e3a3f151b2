from django.urls import path

from globa.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/unread/", views.unread_badge, name="badge"),
    path("notifications/read-all/", views.notifications_all_read, name="all_read"),
    path("notifications/<str:notification_id>/open/", views.notification_open, name="open"),
    path("notifications/<str:notification_id>/read/", views.notification_read, name="read"),
]
