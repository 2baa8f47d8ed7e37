"""Load the real geography: PSGC codes and names from the `barangay` package (PyPI, MIT),
populations from the census tables shipped in common/data/population.

The two sources are joined by name path (region > province or independent city > city or
municipality > barangay) after normalising spelling conventions only: case, accents (ñ),
punctuation, "City of X" and "X City", designations such as "(Capital)" or "(HUC)", and
abbreviations such as "Pob." or "Sto.". A name that still matches nothing, or matches more
than one place, is reported and left without a population: nothing is fuzzy-assigned.
PSGC is the authority for what exists and what it is called; the census files only add
population figures.
"""

import importlib.util
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from common.models import Barangay, Municipality, MunicipalityKind, Province, Region

OBC_REGIONS = ("IX", "X", "XI", "XII")
# The census files do not state their year. The figures agree with PSA's 2024 Census of
# Population (POPCEN 2024), the most recent count, so that is the year recorded with them.
CENSUS_YEAR = 2024
POPULATION_DIR = Path(__file__).resolve().parent.parent / "data" / "population"
POPULATION_FILES = {short: f"region_{short.lower()}_population_raw.txt" for short in OBC_REGIONS}

PROVINCE_TYPES = {"province", "special_geographic_area"}
LOCALITY_TYPES = {"city", "municipality"}
# Designations written after a name, which are not part of it.
DESIGNATIONS = re.compile(r"\((capital|huc|not a province)\)")
ABBREVIATIONS = {
    "pob": "poblacion",
    "sto": "santo",
    "sta": "santa",
    "pres": "president",
    "gen": "general",
    "sen": "senator",
    "gov": "governor",
    "kap": "kapitan",
    "mt": "mount",
}
# One place, two spellings: pairs a person checked against PSA's published PSGC, keyed by
# the normalised census spelling. Keep this list short and explained; never add guesses.
CENSUS_SPELLINGS = {
    "pigcawayan": "pigkawayan",  # Cotabato: the municipality's official name is Pigcawayan
}


@dataclass(eq=False)  # compared by identity: two places may share a name
class PsgcUnit:
    code: str
    name: str
    kind: str  # region, province, city, municipality, barangay
    children: list["PsgcUnit"] = field(default_factory=list)
    population: int | None = None
    independent: bool = False  # a city that belongs to no province
    is_huc: bool = False


@dataclass(eq=False)
class CensusRow:
    name: str
    population: int | None
    children: list["CensusRow"] = field(default_factory=list)


@dataclass
class LevelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class GeographyLoadReport:
    regions: list[str]
    counts: dict[str, LevelCounts] = field(default_factory=dict)
    # Names in the census files that no PSGC unit answers to (population not loaded).
    unmatched_census: list[str] = field(default_factory=list)
    # PSGC units of a region with a census file that no census row answers to (population empty).
    unmatched_psgc: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(level.created or level.updated for level in self.counts.values())

    def lines(self) -> list[str]:
        lines = [
            "Geography (real: PSGC codes from the barangay package; census populations, recorded as "
            f"{CENSUS_YEAR}, the files do not say the year)"
        ]
        lines.append(f"  regions loaded: {', '.join(self.regions)}")
        for level, counts in self.counts.items():
            lines.append(
                f"  {level:<15} {counts.total:>6}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
        lines.append(
            f"  census names with no PSGC unit ({len(self.unmatched_census)}, population not loaded):"
        )
        lines += [f"    {path}" for path in self.unmatched_census]
        lines.append(
            f"  PSGC units with no census figure ({len(self.unmatched_psgc)}, population left empty):"
        )
        lines += [f"    {path}" for path in self.unmatched_psgc]
        return lines


# --- reading the two sources -------------------------------------------------------------


@lru_cache(maxsize=1)
def _psgc_children() -> dict[str, list[dict]]:
    """The barangay package's flat PSGC list, indexed by parent code. Read as a file: the
    package's own import loads pandas, which the app does not need."""
    package_dir = Path(importlib.util.find_spec("barangay").submodule_search_locations[0])
    with open(package_dir / "data" / "barangay_flat.json", encoding="utf-8") as source:
        units = json.load(source)
    children: dict[str, list[dict]] = defaultdict(list)
    for unit in units:
        children[unit["parent_psgc_id"]].append(unit)
    return children


def region_short_name(name: str) -> str:
    """'Region IX (Zamboanga Peninsula)' -> 'IX'; 'National Capital Region (NCR)' -> 'NCR'."""
    if match := re.match(r"Region ([IVX]+(?:-[AB])?)\b", name):
        return match.group(1)
    if match := re.search(r"\(([A-Z]+)\)", name):
        return match.group(1)
    return name.split()[0].upper()


def psgc_regions() -> dict[str, PsgcUnit]:
    """Every region in the PSGC list, by short name (IX, X, NCR, BARMM...), without children."""
    return {
        region_short_name(unit["name"]): PsgcUnit(unit["psgc_id"], unit["name"], "region")
        for unit in _psgc_children()["0000000000"]
    }


def _barangays_of(code: str) -> list[PsgcUnit]:
    """Barangays of a city or municipality; Manila's sit one level down, in its districts."""
    found = []
    for unit in _psgc_children()[code]:
        if unit["type"] == "barangay":
            found.append(PsgcUnit(unit["psgc_id"], unit["name"], "barangay"))
        elif unit["type"] == "submunicipality":
            found += _barangays_of(unit["psgc_id"])
    return found


def _locality(unit: dict, *, independent: bool = False, is_huc: bool = False) -> PsgcUnit:
    return PsgcUnit(
        unit["psgc_id"],
        unit["name"],
        unit["type"],
        _barangays_of(unit["psgc_id"]),
        independent=independent,
        is_huc=is_huc,
    )


def psgc_region_tree(region: PsgcUnit) -> list[PsgcUnit]:
    """The region's first level: provinces (holding their cities and municipalities) and
    cities outside any province. Those are wrapped in a pseudo-province of kind 'city' so
    both sources line up: the census files list them at the province level too.

    A city directly under its region is highly urbanised (Zamboanga, Davao...). Isabela City
    sits in a PSGC wrapper "City of Isabela (Not a Province)": independent, not an HUC."""
    first_level = []
    for unit in _psgc_children()[region.code]:
        if unit["type"] in PROVINCE_TYPES:
            localities = [
                _locality(child)
                for child in _psgc_children()[unit["psgc_id"]]
                if child["type"] in LOCALITY_TYPES
            ]
            first_level.append(PsgcUnit(unit["psgc_id"], unit["name"], "province", localities))
        elif unit["type"] in LOCALITY_TYPES:
            inner = [child for child in _psgc_children()[unit["psgc_id"]] if child["type"] in LOCALITY_TYPES]
            if inner:
                localities = [_locality(child, independent=True) for child in inner]
            else:
                localities = [_locality(unit, independent=True, is_huc=unit["type"] == "city")]
            first_level.append(PsgcUnit(unit["psgc_id"], unit["name"], "city", localities))
    return first_level


def _census_figure(text: str) -> int | None:
    digits = text.replace(",", "").strip()
    return int(digits) if digits.isdigit() else None


def census_rows(path: Path) -> list[CensusRow]:
    """Parse a census table: depth by leading tabs (0 province or independent city, 1 city or
    municipality, 2 barangay), then NAME<TAB>population. A row may lack its figure."""
    roots: list[CensusRow] = []
    stack: list[CensusRow] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        name, _, figure = line.lstrip("\t").partition("\t")
        row = CensusRow(name.strip(), _census_figure(figure))
        if depth == 0:
            roots.append(row)
        else:
            stack[depth - 1].children.append(row)
        stack[depth:] = [row]
    return roots


# --- joining them by name -----------------------------------------------------------------


def name_key(name: str) -> str:
    """The spelling-independent form of a place name: 'Sto. Niño' and 'Santo Nino' agree,
    as do 'City of Davao', 'Davao City (HUC)' and 'Davao City'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = DESIGNATIONS.sub(" ", text)
    text = re.sub(r"['’`]", "", text)
    tokens = [ABBREVIATIONS.get(token, token) for token in re.split(r"[^a-z0-9]+", text) if token]
    if tokens[:2] == ["city", "of"]:
        tokens = tokens[2:]
    elif len(tokens) > 1 and tokens[-1] == "city":
        tokens = tokens[:-1]
    key = "".join(tokens)
    return CENSUS_SPELLINGS.get(key, key)


def loose_key(name: str) -> str:
    """Second chance for names left over: without text in brackets and without a trailing
    footnote mark ('Leon T. Postigo 1' is Leon T. Postigo with a footnote in the table)."""
    return name_key(re.sub(r"\s1$", "", re.sub(r"\([^)]*\)", " ", name).strip()))


def _pair_by(
    census: list[CensusRow], psgc: list[PsgcUnit], key: Callable[[str], str]
) -> list[tuple[CensusRow, PsgcUnit]]:
    """Pairs whose key is unique on both sides; the rest stays unpaired."""
    by_census: dict[str, list[CensusRow]] = defaultdict(list)
    by_psgc: dict[str, list[PsgcUnit]] = defaultdict(list)
    for row in census:
        by_census[key(row.name)].append(row)
    for unit in psgc:
        by_psgc[key(unit.name)].append(unit)
    return [
        (rows[0], by_psgc[name][0])
        for name, rows in by_census.items()
        if len(rows) == 1 and len(by_psgc.get(name, ())) == 1
    ]


def _count_rows(rows: Iterable[CensusRow]) -> int:
    return sum(1 + _count_rows(row.children) for row in rows)


def join_census(
    census: list[CensusRow], psgc: list[PsgcUnit], *, path: str, report: GeographyLoadReport
) -> None:
    """Set `population` on each PSGC unit whose census row is found, level by level, and
    record in the report what stays unpaired on either side."""
    census_left, psgc_left = list(census), list(psgc)
    for key in (name_key, loose_key):
        for row, unit in _pair_by(census_left, psgc_left, key):
            census_left.remove(row)
            psgc_left.remove(unit)
            unit.population = row.population
            # An independent city repeats one level down on both sides: the census lists
            # "CITY OF ILIGAN" then "Iligan City", PSGC's pseudo-province holds the city.
            join_census(row.children, unit.children, path=f"{path} / {unit.name}", report=report)
    for row in census_left:
        below = _count_rows(row.children)
        suffix = f" (and the {below} places listed under it)" if below else ""
        report.unmatched_census.append(f"{path} / {row.name}{suffix}")
    for unit in psgc_left:
        report.unmatched_psgc.append(f"{path} / {unit.name} [{unit.code}]")
        _report_subtree(unit, f"{path} / {unit.name}", report)


def _report_subtree(unit: PsgcUnit, path: str, report: GeographyLoadReport) -> None:
    for child in unit.children:
        report.unmatched_psgc.append(f"{path} / {child.name} [{child.code}]")
        _report_subtree(child, f"{path} / {child.name}", report)


# --- writing ------------------------------------------------------------------------------


def _sync(
    model: type[Model], wanted: dict[str, dict], *, code_prefix: str, counts: LevelCounts
) -> dict[str, int]:
    """Create or update rows keyed by PSGC code so that they hold `wanted`; rows already
    right are not touched. Returns every code's primary key."""
    fields = sorted({name for values in wanted.values() for name in values})
    existing = {row.psgc_code: row for row in model.objects.filter(psgc_code__startswith=code_prefix)}
    now = timezone.now()
    to_create, to_update = [], []
    for code, values in wanted.items():
        row = existing.get(code)
        if row is None:
            to_create.append(model(psgc_code=code, **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = now
            to_update.append(row)
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(to_update, [*fields, "updated_at"], batch_size=500)
    counts.created += len(to_create)
    counts.updated += len(to_update)
    counts.unchanged += len(wanted) - len(to_create) - len(to_update)
    return dict(model.objects.filter(psgc_code__startswith=code_prefix).values_list("psgc_code", "id"))


def _figure(unit: PsgcUnit) -> dict:
    return {
        "name": unit.name,
        "population": unit.population,
        "census_year": CENSUS_YEAR if unit.population is not None else None,
    }


def _load_region(region: PsgcUnit, short_name: str, report: GeographyLoadReport) -> None:
    tree = psgc_region_tree(region)
    census_file = POPULATION_FILES.get(short_name)
    if census_file:
        census = census_rows(POPULATION_DIR / census_file)
        join_census(census, tree, path=short_name, report=report)
        figures = [row.population for row in census]
        region.population = sum(figures) if None not in figures else None
    prefix = region.code[:2]
    counts = report.counts
    region_ids = _sync(
        Region,
        {region.code: {**_figure(region), "short_name": short_name}},
        code_prefix=prefix,
        counts=counts["regions"],
    )
    region_id = region_ids[region.code]
    provinces = [unit for unit in tree if unit.kind == "province"]
    province_ids = _sync(
        Province,
        {unit.code: {**_figure(unit), "region_id": region_id} for unit in provinces},
        code_prefix=prefix,
        counts=counts["provinces"],
    )
    localities = {}
    for first in tree:
        for unit in first.children:
            localities[unit.code] = {
                **_figure(unit),
                "kind": MunicipalityKind.CITY if unit.kind == "city" else MunicipalityKind.MUNICIPALITY,
                "is_huc": unit.is_huc,
                "region_id": region_id,
                "province_id": None if unit.independent else province_ids[first.code],
            }
    municipality_ids = _sync(Municipality, localities, code_prefix=prefix, counts=counts["municipalities"])
    barangays = {
        barangay.code: {**_figure(barangay), "municipality_id": municipality_ids[locality.code]}
        for first in tree
        for locality in first.children
        for barangay in locality.children
    }
    _sync(Barangay, barangays, code_prefix=prefix, counts=counts["barangays"])


@transaction.atomic
def geography_load(*, regions: Sequence[str] = OBC_REGIONS) -> GeographyLoadReport:
    """Load the regions named by short name (IX, X, NCR, BARMM...) or PSGC code, with their
    provinces, cities and municipalities, and barangays. Running it again changes nothing.
    Regions without a census file (outside the OBC regions) get no population."""
    available = psgc_regions()
    by_code = {unit.code: short for short, unit in available.items()}
    chosen = []
    for requested in regions:
        short = by_code.get(requested.strip(), requested.strip().upper())
        if short not in available:
            raise ValueError(f"Unknown region {requested!r}; known: {', '.join(sorted(available))}.")
        if short not in chosen:
            chosen.append(short)
    report = GeographyLoadReport(regions=chosen)
    report.counts = {
        level: LevelCounts() for level in ("regions", "provinces", "municipalities", "barangays")
    }
    for short in chosen:
        _load_region(available[short], short, report)
    return report


def geography_seed() -> list[str]:
    """The demo's first step (registered in CommonConfig.ready): the real places."""
    return ["REAL DATA", *geography_load().lines()]
