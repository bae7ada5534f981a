"""URL of the search page; included under the "search" namespace."""

from django.urls import path

from search.page.views import ArchiveSearchView

app_name = "search"
urlpatterns = [path("", ArchiveSearchView.as_view(), name="search")]
