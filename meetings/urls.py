from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/calendar.ics", views.calendar_file, name="calendar"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
]
