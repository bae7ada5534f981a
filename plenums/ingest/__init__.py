"""Pure-Python article ingest: raw bytes → cleaned text → extracted facts (no Django imports)."""
