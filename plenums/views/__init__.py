"""Read-only public pages of the archive, each a class-based view with a ``?format=json`` twin."""

from plenums.views.committees import CommitteeDetailView, CommitteeListView
from plenums.views.home import DataIndexView, HomeView, RobotsView
from plenums.views.people import PersonDetailView, PersonListView, PersonNameView
from plenums.views.phrases import PhraseDetailView, PhraseListView
from plenums.views.sessions import SessionDetailView, SessionOriginalView

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
