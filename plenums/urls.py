"""Root URL configuration: the public archive, search and the staff admin."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from plenums.web import data_descriptors, export, originals, preferences, views
from plenums.web.feeds import LatestSessionsFeed
from plenums.web.opensearch import OpenSearchView
from plenums.web.sitemaps import SITEMAPS

public_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sessions/<slug:slug>/", views.SessionDetailView.as_view(), name="session"),
    path(
        "sessions/<slug:slug>/original/",
        views.SessionOriginalView.as_view(),
        name="session_original",
    ),
    path("committees/", views.CommitteeListView.as_view(), name="committees"),
    path("committees/<slug:slug>/", views.CommitteeDetailView.as_view(), name="committee"),
    path("people/", views.PersonListView.as_view(), name="people"),
    path("people/<str:name>/", views.PersonNameView.as_view(), name="person_name"),
    path("people/<str:name>/<slug:committee>/", views.PersonDetailView.as_view(), name="person"),
    path("phrases/", views.PhraseListView.as_view(), name="phrases"),
    path("phrases/<str:phrase>/", views.PhraseDetailView.as_view(), name="phrase"),
    path("data/", views.DataIndexView.as_view(), name="data"),
    path("data/plenums.json", export.DataJsonView.as_view(), name="data_json"),
    path("data/plenums.csv", export.DataCsvView.as_view(), name="data_csv"),
    path("data/originals.warc.gz", originals.OriginalsWarcView.as_view(), name="data_originals"),
    path("data/datapackage.json", data_descriptors.DataPackageView.as_view(), name="datapackage"),
    path(
        "data/schema/session.json",
        data_descriptors.JsonSchemaView.as_view(name="session"),
        name="schema_session",
    ),
    path(
        "data/schema/plenums.json",
        data_descriptors.JsonSchemaView.as_view(name="plenums"),
        name="schema_plenums",
    ),
    path("opensearch.xml", OpenSearchView.as_view(), name="opensearch"),
    path("feed/atom/", require_safe(LatestSessionsFeed()), name="feed"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("script/<str:value>/", preferences.ScriptView.as_view(), name="script"),
    path("language/<str:value>/", preferences.LanguageView.as_view(), name="language"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("search/", include("search.urls")),
    path("", include((public_patterns, "plenums"))),
]
