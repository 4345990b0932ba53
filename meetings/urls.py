from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.create, name="create"),
    path("mine/", views.my_meetings, name="mine"),
    path("mine/feed/", views.feed_token, name="feed_token"),
    path("calendar.ics", views.public_feed, name="public_feed"),
    path("feed/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("answer/<str:token>/", views.answer_by_link, name="answer_by_link"),
    path("participation/", views.participation, name="participation"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/held/", views.mark_held, name="held"),
    path("<int:pk>/calendar.ics", views.calendar_file, name="calendar"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/agenda/", views.agenda, name="agenda"),
    path("<int:pk>/agenda/order/", views.agenda_order, name="agenda_order"),
    path("<int:pk>/agenda/<int:item_pk>/", views.agenda_item, name="agenda_item"),
    path(
        "<int:pk>/agenda/<int:item_pk>/action/",
        views.agenda_item_action,
        name="agenda_item_action",
    ),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_file, name="document"),
    path("<int:pk>/documents/<str:language>.zip", views.documents_zip, name="documents_zip"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/delegation/", views.delegation, name="delegation"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/export/", views.export, name="export"),
]
