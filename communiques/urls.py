from django.urls import path

from . import views

app_name = "communiques"

urlpatterns = [
    path("", views.communique_list, name="list"),
    path("<int:pk>/", views.communique_detail, name="detail"),
    path("<int:pk>/pdf/<str:layout>/", views.communique_pdf, name="pdf"),
    path("<int:pk>/working/", views.communique_work, name="work"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/versions/diff/", views.communique_diff, name="diff"),
    path("paragraphs/<int:pk>/comment/", views.comment, name="comment"),
    # Secretariat
    path("manage/", views.manage, name="manage"),
    path("import/", views.import_document, name="import"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/edit/heading/", views.save_header, name="header"),
    path("<int:pk>/edit/add/<str:kind>/", views.add_paragraph, name="paragraph_add"),
    path("<int:pk>/workflow/<str:action>/", views.workflow, name="workflow"),
    path("<int:pk>/follow-up/", views.follow_ups, name="follow_ups"),
    path("follow-up/<int:pk>/", views.follow_up_edit, name="follow_up_edit"),
    path("paragraphs/<int:pk>/", views.save_paragraph, name="paragraph"),
    path("paragraphs/<int:pk>/move/<str:direction>/", views.move_paragraph, name="move"),
    path("paragraphs/<int:pk>/delete/", views.delete_paragraph, name="paragraph_delete"),
    # Rules of Procedure
    path("rules-of-procedure/", views.rules_page, name="rules"),
    path("rules-of-procedure/pdf/<str:layout>/", views.rules_pdf, name="rules_pdf"),
    path("rules-of-procedure/changes/", views.rules_diff, name="rules_diff"),
    path("rules-of-procedure/manage/", views.rules_manage, name="rules_manage"),
    path("rules-of-procedure/articles/<int:pk>/", views.article_edit, name="article_edit"),
]
