"""The archive's search engine over Whoosh segments, free of Django and haystack."""
