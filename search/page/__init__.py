"""The search page (/search/): its form, the search it runs, its HTML pieces, and hit marks."""
