"""The query parser of the archive's engine: user text becomes substring and word queries."""

from datetime import date, datetime

from haystack.exceptions import SearchBackendError
from whoosh import query as wq
from whoosh.qparser import PhrasePlugin, QueryParser
from whoosh.qparser.syntax import attach
from whoosh.sorting import Count, DateRangeFacet
from whoosh.support.relativedelta import relativedelta as RelativeDelta

from search.analysis import text_query

# The units haystack's ``date_facets`` may step by.
DATE_GAPS = ("year", "month", "day", "hour", "minute", "second")


class CjkPhrasePlugin(PhrasePlugin):
    """Quoted text in the default field becomes ``text_query`` (the stock plugin would split it
    with the word analyzer only, losing substring recall)."""

    class PhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            if fieldname == parser.fieldname and getattr(parser, "bigram_field", None):
                q = text_query(self.text, fieldname, parser.bigram_field)
                return attach(q if q is not None else wq.NullQuery, self)
            return super().query(parser)

    class PhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slop = int(match.group("slop")) if match.group("slop") else 1
            return CjkPhrasePlugin.PhraseNode(match.group("text"), match.start("text"), slop)


class ChineseQueryParser(QueryParser):
    """Unquoted words in the default field also become ``text_query``."""

    def __init__(self, fieldname, schema, bigram_field=None, **kwargs):
        super().__init__(fieldname, schema, **kwargs)
        self.bigram_field = bigram_field
        if bigram_field:
            self.remove_plugin_class(PhrasePlugin)
            self.add_plugin(CjkPhrasePlugin())

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if self.bigram_field and fieldname == self.fieldname and termclass is wq.Term:
            return text_query(text, fieldname, self.bigram_field)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def date_facet(name, spec) -> DateRangeFacet:
    """Whoosh's facet for one of haystack's ``date_facets`` entries (start_date, end_date,
    gap_by, gap_amount)."""

    def moment(key):
        value = spec.get(key)
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        raise SearchBackendError(f"date_facets[{name!r}][{key!r}]: need a date, got {value!r}")

    gap_by, amount = spec.get("gap_by"), spec.get("gap_amount", 1)
    if gap_by not in DATE_GAPS:
        raise SearchBackendError(
            f"date_facets[{name!r}]['gap_by']: one of {', '.join(DATE_GAPS)}, got {gap_by!r}"
        )
    gap = RelativeDelta(**{f"{gap_by}s": amount})
    return DateRangeFacet(name, moment("start_date"), moment("end_date"), gap, maptype=Count)
