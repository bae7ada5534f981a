"""The public site: its views, what they render and answer with, and the page cache."""
