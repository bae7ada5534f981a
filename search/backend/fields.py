"""Haystack field types that the Chinese Whoosh backend maps to dedicated Whoosh fields."""

from haystack import indexes


class BigramField(indexes.CharField):
    """Character bigrams of the document text (substring recall); indexed, never stored."""

    field_type = "cjk_bigrams"

    def __init__(self, **kwargs):
        kwargs.setdefault("stored", False)
        kwargs.setdefault("null", True)
        super().__init__(**kwargs)


class KeywordField(indexes.CharField):
    """A single exact value (a slug): filterable, sortable and faceted as one term."""

    field_type = "keyword"
