"""What reference managers read of a session: CSL-JSON, RIS (rispy), BibTeX (bibtexparser) and
the session page's citation meta tags (Highwire ``citation_*``, Dublin Core), all from its CSL item.
"""

import re

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from plenums.ingest.records import SessionDate
from plenums.records import shapes
from plenums.web import inert_json

CSL_JSON, RIS, BIBTEX = "csl-json", "ris", "bibtex"
FORMATS = (CSL_JSON, RIS, BIBTEX)
MEDIA_TYPES = {
    CSL_JSON: "application/vnd.citationstyles.csl+json",
    RIS: "application/x-research-info-systems",
    BIBTEX: "application/x-bibtex",
}
EXTENSIONS = {CSL_JSON: "json", RIS: "ris", BIBTEX: "bib"}
LABELS = {CSL_JSON: "CSL-JSON", RIS: "RIS", BIBTEX: "BibTeX"}
# TeX's special characters, written as text so a title or an outlet's name cannot end a field
# or open a group; everything else (Chinese included) is left as itself for biber/XeLaTeX.
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_RE = re.compile("|".join(re.escape(c) for c in _TEX_SPECIALS))
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def reference(session, url: str) -> dict:
    """A session's CSL-JSON item, read today, its outlet defaulting to the archive's name."""
    return shapes.session_reference(
        session, url, accessed=timezone.localdate(), archive=_("全会档案")
    )


def _one_line(text: str) -> str:
    # A line break inside a value would start a new RIS line.
    return _LINE_BREAKS.sub(" ", text).strip()


def _date(csl_date: dict | None) -> SessionDate:
    """A CSL date back as the record's partial date (circa: the year was inferred)."""
    if not csl_date:
        return SessionDate()
    year, month, day = (list(csl_date["date-parts"][0]) + [None, None])[:3]
    return SessionDate(year, month, day, inferred=bool(csl_date.get("circa")))


def _ris_date(csl_date: dict | None) -> str:
    # RIS writes dates as YYYY/MM/DD, with as many parts as are known.
    return _date(csl_date).iso().replace("-", "/")


def ris_entry(item: dict) -> dict:
    """A CSL-JSON item as rispy's entry (its keys name the RIS tags)."""
    entry = {
        "type_of_reference": "NEWS" if item["type"] == "article-newspaper" else "ELEC",
        "id": item["id"],
        "title": _one_line(item["title"]),
        "authors": [_one_line(a["literal"]) for a in item["author"]],
        "secondary_title": _one_line(item["container-title"]),
        "name_of_database": _one_line(item["archive"]),
        "urls": [item["URL"]],
        "access_date": _ris_date(item["accessed"]),
        "language": item["language"],
    }
    issued = _date(item.get("issued"))
    if issued.year:
        entry["year"] = f"{issued.year:04d}"
        entry["date"] = _ris_date(item["issued"])
    if item.get("note"):
        entry["notes"] = [_one_line(item["note"])]
    return entry


class _RisWriter(rispy.RisWriter):
    # Plain RIS: no numbered line before each reference, CR LF line ends as the format has it.
    NEWLINE = "\r\n"

    def set_header(self, count):
        return ""


def ris(items: list[dict]) -> str:
    return rispy.dumps([ris_entry(i) for i in items], implementation=_RisWriter)


def _tex(text: str) -> str:
    return _TEX_RE.sub(lambda m: _TEX_SPECIALS[m.group()], _one_line(text))


def bibtex_entry(item: dict) -> Entry:
    """A CSL-JSON item as a biblatex ``@online`` entry: the committee a corporate author (in
    braces, never split into names), ``date`` in EDTF as biblatex reads it (2024? uncertain)."""
    fields = [
        Field("author", "{" + _tex(item["author"][0]["literal"]) + "}"),
        Field("title", _tex(item["title"])),
        Field("organization", _tex(item["container-title"])),
    ]
    issued = _date(item.get("issued"))
    if issued.year:
        fields += [Field("date", issued.edtf()), Field("year", str(issued.year))]
    fields += [
        Field("url", item["URL"]),
        Field("urldate", _date(item["accessed"]).iso()),
        Field("langid", "chinese"),
    ]
    if item.get("note"):
        fields.append(Field("note", _tex(item["note"])))
    return Entry("online", item["id"], fields)


def bibtex(items: list[dict]) -> str:
    return bibtexparser.write_string(bibtexparser.Library([bibtex_entry(i) for i in items]))


def meta_tags(item: dict, language: str) -> list[tuple[str, str]]:
    """(name, content) of the meta tags Zotero and Google Scholar read on a session page, in the
    page's ``language``; the date has the precision the record has."""
    issued = _date(item.get("issued"))
    return [
        ("citation_title", item["title"]),
        *(("citation_author", a["literal"]) for a in item["author"]),
        # Highwire dates are written with slashes (2024/12/29, 2024/12, 2024).
        *([("citation_date", issued.iso().replace("-", "/"))] if issued.year else []),
        ("citation_publisher", item["container-title"]),
        ("citation_public_url", item["URL"]),
        ("citation_language", language),
        ("DC.title", item["title"]),
        *(("DC.creator", a["literal"]) for a in item["author"]),
        *([("DC.date", issued.iso())] if issued.year else []),
        ("DC.publisher", item["container-title"]),
        ("DC.identifier", item["URL"]),
        ("DC.language", language),
        ("DC.type", "Text"),
    ]


def response(fmt: str, items: list[dict], name: str) -> HttpResponse:
    """``items`` in ``fmt`` (one of FORMATS), offered as the file ``name`` with its extension."""
    if fmt == CSL_JSON:
        body = inert_json.dumps(items, indent=1)
    elif fmt == RIS:
        body = ris(items)
    else:
        body = bibtex(items)
    answer = HttpResponse(body, content_type=f"{MEDIA_TYPES[fmt]}; charset=utf-8")
    answer["Content-Disposition"] = content_disposition_header(True, f"{name}.{EXTENSIONS[fmt]}")
    return answer
