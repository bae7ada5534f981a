"""Chinese full-text search over the archive (haystack + Whoosh + jieba + OpenCC)."""
