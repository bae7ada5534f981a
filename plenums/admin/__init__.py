"""The staff admin: model admins, the import of articles, the review queue and their helpers."""

# Importing the package (as the admin's autodiscovery does) registers the model admins.
from plenums.admin import model_admins  # noqa: F401
