"""Root URL configuration: the public archive, search and the staff admin."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from plenums import views
from plenums.feeds import LatestSessionsFeed
from plenums.sitemaps import SITEMAPS

public_patterns = [
    path("", views.home, name="home"),
    path("sessions/<slug:slug>/", views.session_detail, name="session"),
    path("sessions/<slug:slug>/original/", views.session_original, name="session_original"),
    path("committees/", views.committee_list, name="committees"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("people/", views.person_list, name="people"),
    path("people/<str:name>/", views.person_name, name="person_name"),
    path("people/<str:name>/<slug:committee>/", views.person_detail, name="person"),
    path("phrases/", views.phrase_list, name="phrases"),
    path("phrases/<str:phrase>/", views.phrase_detail, name="phrase"),
    path("data/", views.data_index, name="data"),
    path("data/plenums.json", views.data_json, name="data_json"),
    path("data/plenums.csv", views.data_csv, name="data_csv"),
    path("feed/atom/", require_safe(LatestSessionsFeed()), name="feed"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("script/<str:script>/", views.set_script, name="script"),
    path("language/<str:language>/", views.set_language, name="language"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("search/", include("search.urls")),
    path("", include((public_patterns, "plenums"))),
]
