"""Root URL configuration: the public archive, search and the staff admin."""

from django.contrib import admin
from django.urls import include, path

from plenums import views

public_patterns = [
    path("", views.home, name="home"),
    path("sessions/<slug:slug>/", views.session_detail, name="session"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("people/<str:name>/", views.person_detail, name="person"),
    path("phrases/<str:phrase>/", views.phrase_detail, name="phrase"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((public_patterns, "plenums"))),
]
