from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("", views.message_list, name="list"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("messages/<int:pk>/html/", views.message_html, name="message_html"),
    path(
        "messages/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path("messages/<int:pk>/resend/", views.resend, name="resend"),
    path("messages/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("messages/<int:pk>/mark-sent/", views.mark_sent, name="mark_sent"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/progress/", views.campaign_progress, name="campaign_progress"),
    path("campaigns/<int:pk>/send/", views.campaign_send, name="campaign_send"),
    path("campaigns/<int:pk>/cancel/", views.campaign_cancel, name="campaign_cancel"),
]
