"""django-haystack's own Whoosh test suite, run against the archive's search engine."""
