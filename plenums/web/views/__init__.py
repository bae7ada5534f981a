"""Read-only public pages of the archive, each a class-based view with a ``?format=json`` twin."""

from plenums.web.views.committees import CommitteeDetailView, CommitteeListView
from plenums.web.views.home import DataIndexView, HomeView, RobotsView
from plenums.web.views.people import PersonDetailView, PersonListView, PersonNameView
from plenums.web.views.phrases import PhraseDetailView, PhraseListView
from plenums.web.views.sessions import SessionDetailView, SessionOriginalView

__all__ = [
    "CommitteeDetailView",
    "CommitteeListView",
    "DataIndexView",
    "HomeView",
    "PersonDetailView",
    "PersonListView",
    "PersonNameView",
    "PhraseDetailView",
    "PhraseListView",
    "RobotsView",
    "SessionDetailView",
    "SessionOriginalView",
]
