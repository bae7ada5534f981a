"""What the search index holds for each published session (see search/ for how it is analysed)."""

from haystack import indexes

from plenums.models import Session
from plenums.records import shapes
from search.backend.fields import BigramField, KeywordField


class SessionIndex(indexes.SearchIndex, indexes.Indexable):
    # Snippets come from the cleaned text alone, not from the title and speaker lines.
    snippet_field = "body"

    # Title, committee, speakers, documents, key phrases and the cleaned text, in one field.
    text = indexes.CharField(document=True, stored=False)
    # The same text again as character bigrams, for queries that fall inside jieba's words.
    text_bigrams = BigramField()
    # Shown on the result page without a database query; searched through ``text``.
    body = indexes.CharField(model_attr="cleaned_text", indexed=False)
    title = indexes.CharField(model_attr="title", indexed=False)
    slug = KeywordField(model_attr="slug", indexed=False)
    committee = KeywordField(model_attr="committee__slug")
    committee_name = indexes.CharField(model_attr="committee__name", indexed=False)
    term = indexes.IntegerField(model_attr="term")
    plenum = indexes.IntegerField(model_attr="plenum")
    year = indexes.IntegerField(model_attr="year", null=True)
    month = indexes.IntegerField(model_attr="month", null=True, indexed=False)
    day = indexes.IntegerField(model_attr="day", null=True, indexed=False)
    # The results' EDTF date (2024?), stored as written; '' when the year is unknown.
    date_edtf = indexes.CharField(indexed=False)
    date = indexes.DateField(null=True)

    def get_model(self):
        return Session

    def index_queryset(self, using=None):
        return Session.objects.published().with_shapes()

    def should_update(self, instance, **kwargs):
        return instance.published

    def prepare_text(self, obj):
        return shapes.index_text(obj)

    def prepare_date(self, obj):
        # Sorting by date needs a full date; a missing month or day sorts as the first one.
        return obj.partial_date.first_day()

    def prepare_date_edtf(self, obj):
        return obj.partial_date.edtf() or ""

    def prepare(self, obj):
        data = super().prepare(obj)
        data["text_bigrams"] = data["text"]
        return data
