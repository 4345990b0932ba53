from django.urls import path

from . import views

app_name = "communiques"

# Included at the root of the language prefix: communiqués under /communiques/, the Rules of
# Procedure under /rules-of-procedure/ (each its own menu entry).

urlpatterns = [
    path("communiques/", views.communique_list, name="list"),
    path("communiques/<int:pk>/", views.communique_detail, name="detail"),
    path("communiques/<int:pk>/pdf/<str:layout>/", views.communique_pdf, name="pdf"),
    path("communiques/<int:pk>/working/", views.communique_work, name="work"),
    path("communiques/<int:pk>/versions/", views.versions, name="versions"),
    path("communiques/<int:pk>/versions/diff/", views.communique_diff, name="diff"),
    path("communiques/paragraphs/<int:pk>/comment/", views.comment, name="comment"),
    # Secretariat
    path("communiques/manage/", views.manage, name="manage"),
    path("communiques/import/", views.import_document, name="import"),
    path("communiques/meetings/<int:meeting_pk>/link/", views.link_meeting, name="link_meeting"),
    path("communiques/<int:pk>/edit/", views.edit, name="edit"),
    path("communiques/<int:pk>/edit/heading/", views.save_header, name="header"),
    path("communiques/<int:pk>/edit/add/<str:kind>/", views.add_paragraph, name="paragraph_add"),
    path("communiques/<int:pk>/workflow/<str:action>/", views.workflow, name="workflow"),
    path("communiques/<int:pk>/follow-up/", views.follow_ups, name="follow_ups"),
    path("communiques/follow-up/<int:pk>/", views.follow_up_edit, name="follow_up_edit"),
    path("communiques/paragraphs/<int:pk>/", views.save_paragraph, name="paragraph"),
    path(
        "communiques/paragraphs/<int:pk>/move/<str:direction>/", views.move_paragraph, name="move"
    ),
    path(
        "communiques/paragraphs/<int:pk>/delete/", views.delete_paragraph, name="paragraph_delete"
    ),
    # Rules of Procedure
    path("rules-of-procedure/", views.rules_page, name="rules"),
    path("rules-of-procedure/pdf/<str:layout>/", views.rules_pdf, name="rules_pdf"),
    path("rules-of-procedure/changes/", views.rules_diff, name="rules_diff"),
    path("rules-of-procedure/manage/", views.rules_manage, name="rules_manage"),
    path("rules-of-procedure/articles/<int:pk>/", views.article_edit, name="article_edit"),
]
