"""`make bench`: the archive's speed against the limits of its own stack."""
