from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("network/", views.about, name="about"),
    path("network/accounts/", views.accounts, name="accounts"),
    path("network/accounts/invite/", views.invite, name="invite"),
    path("network/accounts/changes/", views.account_changes, name="account_changes"),
    path("network/accounts/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("network/accounts/<int:pk>/reactivate/", views.reactivate, name="reactivate"),
    path(
        "network/accounts/<int:pk>/remove-secretariat/",
        views.remove_secretariat,
        name="remove_secretariat",
    ),
    path("network/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("network/invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("network/chair-terms/", views.chair_terms, name="chair_terms"),
    path("network/chair-terms/new/", views.chair_term_edit, name="chair_term_create"),
    path("network/chair-terms/<int:pk>/", views.chair_term_edit, name="chair_term_edit"),
    path("network/retention/", views.retention, name="retention"),
    path("network/partners/<slug:slug>/", views.partner, name="partner"),
    path("network/partners/<slug:slug>/edit/", views.partner_edit, name="partner_edit"),
    path(
        "network/partners/<slug:slug>/cooperation/",
        views.cooperation_add,
        name="cooperation_add",
    ),
    path(
        "network/cooperation/<int:pk>/document/",
        views.cooperation_document,
        name="cooperation_document",
    ),
    path("network/states/<str:iso3>/", views.state, name="state"),
    path("network/news/<int:pk>/", views.announcement, name="announcement"),
    path("network/announcements/", views.announcements, name="announcements"),
    path("network/announcements/new/", views.announcement_edit, name="announcement_create"),
    path("network/announcements/<int:pk>/", views.announcement_edit, name="announcement_edit"),
    path(
        "network/announcements/<int:pk>/publish/",
        views.announcement_publish,
        name="announcement_publish",
    ),
    path(
        "network/announcements/<int:pk>/email/",
        views.announcement_email,
        name="announcement_email",
    ),
    path("me/", views.my_account, name="my_account"),
    path("me/data.json", views.my_data, name="my_data"),
    path("me/data.xlsx", views.my_data_xlsx, name="my_data_xlsx"),
]
