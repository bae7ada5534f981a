"""Read the facts of one plenum out of cleaned article text: committee, 届/次, date, people,
attendance, documents, key phrases and damage warnings.

Every function works on the *folded* text (Simplified script, half-width ASCII; see
chinese.fold), which has the cleaned text's length, so offsets found in it are offsets in the
cleaned text and printed forms can be sliced from the cleaned text directly.

One module per fact; the extractors are re-exported here (``extract.find_date(...)``).
"""

from .attendance import find_attendance
from .committee import CommitteeFound, find_committee, region_level
from .common import HAN, NUM
from .damage import find_mojibake
from .date import DateFound, PageDate, find_date
from .documents import find_documents, name_generic
from .numbering import Ordinal, find_ordinal
from .phrases import find_key_phrases
from .speakers import SpeakersFound, find_speakers

__all__ = [
    "CommitteeFound",
    "DateFound",
    "HAN",
    "NUM",
    "Ordinal",
    "PageDate",
    "SpeakersFound",
    "find_attendance",
    "find_committee",
    "find_date",
    "find_documents",
    "find_key_phrases",
    "find_mojibake",
    "find_ordinal",
    "find_speakers",
    "name_generic",
    "region_level",
]
