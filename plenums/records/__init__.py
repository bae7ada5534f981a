"""Records beside the models: querysets, the one session mapping, the loader, phrase counting."""
