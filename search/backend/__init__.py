"""haystack's backend for the archive: the Whoosh index on disk, its writes, queries, snippets."""
