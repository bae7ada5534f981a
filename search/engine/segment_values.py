"""Per-document values of one segment (facet values, field lengths), listed once per reader."""

import threading
import weakref
from array import array

_values_lock = threading.Lock()
# segment reader → {(kind, field name): one value per document number}
_values: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _per_segment(reader, key, build):
    with _values_lock:
        per_reader = _values.setdefault(reader, {})
        found = per_reader.get(key)
    if found is None:
        found = build()
        with _values_lock:
            per_reader[key] = found
    return found


def facet_values(reader, schema, fieldname: str) -> list:
    """Every document's value of a sortable field in one segment, as Whoosh's ``FieldFacet``
    names it (``from_column_value`` of the column's value)."""

    def build():
        field = schema[fieldname]
        column = reader.column_reader(fieldname, translate=False)
        return [field.from_column_value(value) for value in column]

    return _per_segment(reader, ("facet", fieldname), build)


def field_lengths(reader, fieldname: str) -> array:
    """Every document's length of a field in one segment (1 when it has none), as BM25F reads
    it: one list lookup instead of a column read per scored document."""

    def build():
        length = reader.doc_field_length
        return array("I", (length(d, fieldname, 1) for d in range(reader.doc_count_all())))

    return _per_segment(reader, ("length", fieldname), build)
