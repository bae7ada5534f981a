"""A GB/T 7714-2015 reference to a session's record, as the session page offers it."""

from django.utils import timezone
from django.utils.translation import gettext as _


def citation(session, permalink: str) -> str:
    """GB/T 7714-2015 reference to the record, with today's access date."""
    iso = session.partial_date.iso()
    # Cataloguing convention: an inferred date is given in square brackets.
    when = f"[{iso}]" if iso and session.date_inferred else iso
    kind = "[N/OL]" if session.source_name else "[EB/OL]"
    publisher = session.source_name or _("全会档案")
    today = timezone.localdate().isoformat()
    parts = f"{session.committee.name}. {session.title}{kind}. {publisher}"
    if when:
        parts += f", {when}"
    return f"{parts}[{today}]. {permalink}."
