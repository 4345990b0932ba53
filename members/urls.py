from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("directory/", views.directory, name="directory"),
    path("secretariat/", views.secretariat_directory, name="secretariat_directory"),
    path("secretariat/dashboard/", views.dashboard, name="dashboard"),
    path("secretariat/export.<str:fmt>", views.export, name="export"),
    path("secretariat/focal-points.vcf", views.vcards_all, name="vcards"),
    path("secretariat/directory.pdf", views.directory_pdf, name="directory_pdf"),
    path("secretariat/import/", views.import_directory, name="import"),
    path("states/<str:iso3>/", views.state_detail, name="state_detail"),
    path("states/<str:iso3>/invite/", views.invite, name="invite"),
    path("states/<str:iso3>/institutions/new/", views.institution_edit, name="institution_add"),
    path(
        "states/<str:iso3>/institutions/<int:pk>/edit/",
        views.institution_edit,
        name="institution_edit",
    ),
    path("states/<str:iso3>/nominate/", views.nominate, name="nominate"),
    path("states/<str:iso3>/propose-alternate/", views.propose_alternate, name="propose_alternate"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("focal-points/<int:pk>/", views.nomination, name="nomination"),
    path(
        "focal-points/<int:pk>/corrections/", views.request_corrections, name="request_corrections"
    ),
    path("focal-points/<int:pk>/edit/", views.focal_point_edit, name="focal_point_edit"),
    path("focal-points/<int:pk>/confirm/", views.confirm_details, name="confirm_details"),
    path("focal-points/<int:pk>/nomination/", views.record_nomination, name="record_nomination"),
    path("focal-points/<int:pk>/verify/", views.verify, name="verify"),
    path("focal-points/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("focal-points/<int:pk>/letter/", views.nomination_letter, name="nomination_letter"),
    path("focal-points/<int:pk>/vcard/", views.vcard, name="vcard"),
]
