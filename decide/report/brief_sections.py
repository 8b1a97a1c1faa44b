"""The briefing's sections as view models: scenarios, market, policy, standards, patents,
technology, roadmap, costs, actions. Each reads knowledge entries and the BriefOutlook computed
below the report layer, formats them and cites their sources; none computes a domain number.

Every value drawn from the knowledge base or the outlook that appears in more than one place is
formatted once through `Claims.say`, so the sections cannot disagree; `Claims.conflicts()` lists
any key that was nevertheless given two texts (a test requires none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from decide.outlook import PARITY_YEAR, BriefOutlook, Dated
from decide.report import kbviews, technical
from decide.report.formatting import num, span
from decide.report.model import Cited
from decide.report.sources import Sources

SCENARIO_NAMES = {"low": "Low", "base": "Base", "high": "High"}
COUNTRIES = ("China", "Japan", "Korea", "US", "Europe")
FINGER = "\u2020"  # marks a cost resting on low-confidence inputs
MINUS = "\u2212"


class Claims:
    """One text per claim: the first formatting of a key is the one every section shows."""

    def __init__(self) -> None:
        self._texts: dict[str, set[str]] = {}

    def say(self, key: str, text: str) -> str:
        """Record `text` as the claim `key` and return it."""
        self._texts.setdefault(key, set()).add(text)
        return text

    def keys(self) -> list[str]:
        """Every claim recorded."""
        return sorted(self._texts)

    def conflicts(self) -> dict[str, set[str]]:
        """Claims given more than one text."""
        return {k: v for k, v in self._texts.items() if len(v) > 1}


def usd_kwh(x: float | None) -> str:
    """'155 USD/kWh' (3 significant figures)."""
    return f"{num(x)} USD/kWh" if x is not None else "n/a"


def usd_kg(x: float | None) -> str:
    """'53 USD/kg'."""
    return f"{num(x)} USD/kg" if x is not None else "n/a"


def span_of(pair: tuple[float, float] | None, unit: str) -> str:
    """'19–53 USD/kg' (one number when both ends round alike)."""
    if pair is None:
        return "n/a"
    lo, hi = num(pair[0]), num(pair[1])
    return f"{lo} {unit}" if lo == hi else f"{lo}\u2013{hi} {unit}"


def pct(x: float | None, digits: int = 2) -> str:
    """0.123 -> '12 %'."""
    return "n/a" if x is None else f"{num(100 * x, digits)} %"


def change(x: float | None) -> str:
    """-0.26 -> '−26 %/yr'."""
    if x is None:
        return "n/a"
    sign = MINUS if x < 0 else "+"
    return f"{sign}{num(abs(100 * x), 2)} %/yr"


def evidence_tag(entry: Any) -> str:
    """'press', 'derived', 'low confidence' (joined) for labelling secondary items."""
    tags = []
    if getattr(entry, "evidence", None) == "press":
        tags.append("press report")
    if getattr(entry, "evidence", None) == "derived":
        tags.append("derived")
    if getattr(entry, "confidence", None) == "low":
        tags.append("low confidence")
    return ", ".join(tags)


# -- scenarios ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PathRow:
    """A price path as a table row."""

    scenario: str
    name: str
    construction: str
    anchors: tuple[Cited, ...]
    in_year: str
    in_2030: str
    change: str
    entry: str
    overlay: bool


@dataclass(frozen=True)
class DesignRow:
    """A reference design's costs under the three scenarios."""

    design: str
    sulfide: bool
    in_year: tuple[str, ...]  # low, base, high
    in_2030: tuple[str, ...]
    breakeven: str
    breakeven_liquid: str
    parity: tuple[str, ...]
    caveat: bool  # rests on low-confidence inputs


@dataclass(frozen=True)
class FloorRow:
    """The Li2S floor under one Li2S path."""

    scenario: str
    li2s_price: str
    floor: str
    needed: str  # Li2S price the electrolyte path's 2030 price allows


@dataclass(frozen=True)
class ScenarioSection:
    """Price paths, the designs' cost and break-even per scenario, the Li2S floor."""

    paths: tuple[PathRow, ...]
    designs: tuple[DesignRow, ...]
    floors: tuple[FloorRow, ...]
    table1: tuple[kbviews.PriceView, ...]
    breakeven: str
    breakeven_liquid: str
    breakeven_market: str
    target: Cited | None
    liquid: Cited | None
    market_cell: Cited | None
    content: Cited | None
    scenarios: tuple[str, ...]
    sources: tuple[str, ...]
    overlay_note: str


def price_text(claims: Claims, path: Any, year: int) -> str:
    """A path's price in a year, as every section states it."""
    return claims.say(f"price:{path.scenario}:{path.subject}:{year}", usd_kg(path.at(year)))


def benchmark(claims: Claims, kb: Any, sources: Sources, b: Any, key: str) -> Cited | None:
    """A benchmark value with the sources of the entry it came from."""
    if b is None:
        return None
    entry = kb.entries.get(b.entry)
    ids = sources.cite(sorted(entry.cited())) if entry is not None else ()
    when = f", survey {b.survey_date}" if b.survey_date else ""
    return Cited(claims.say(f"benchmark:{key}", f"{usd_kwh(b.value)}{when}"), ids)


def scenario_section(
    kb: Any, outlook: BriefOutlook, sources: Sources, claims: Claims, table1: Sequence[Any]
) -> ScenarioSection:
    """The scenario tables: paths, designs per scenario, Li2S floors."""
    year = outlook.year
    rows = []
    paths = outlook.paths.get("sulfide", {})
    for name, path in paths.items():
        entry = kb.entries.get(path.entry)
        anchors = tuple(
            Cited(f"{p.year}: {span(p, 'USD/kg')}", sources.of(p))
            for p in sorted(getattr(entry, "points", ()), key=lambda p: p.year)
        )
        construction = getattr(entry, "construction", "") or (
            "the price series the cost model uses (the seed's Table 1 unless an overlay replaces "
            "it); 2030 '≤150' computed at 150"
        )
        rows.append(
            PathRow(
                name,
                getattr(entry, "name", path.entry),
                construction,
                anchors,
                price_text(claims, path, year),
                price_text(claims, path, PARITY_YEAR),
                change(path.annual_change(PARITY_YEAR)),
                path.entry,
                path.overlay,
            )
        )
    flagged = {p.design for p in outlook.profiles if p.low_confidence}
    sulfide = set(outlook.sulfide_designs())
    by_design: dict[str, dict[str, Any]] = {}
    for run in outlook.scenarios:
        for d in run.designs:
            by_design.setdefault(d.design, {})[run.scenario] = d
    design_rows = []
    names = [s.scenario for s in outlook.scenarios]
    for design, runs in by_design.items():
        base = runs.get("base")
        if base is None or all(c is None for c in base.cost):
            continue
        be, bel = base.at(PARITY_YEAR)[1], _at(base.breakeven_liquid, base.years, PARITY_YEAR)
        design_rows.append(
            DesignRow(
                design,
                design in sulfide,
                tuple(cost_text(claims, runs[s], year) for s in names),
                tuple(cost_text(claims, runs[s], PARITY_YEAR) for s in names),
                claims.say(f"breakeven:{design}", num(be)) if be is not None else "n/a",
                num(bel) if bel is not None else "n/a",
                tuple(str(runs[s].parity_year or "none") for s in names),
                design in flagged,
            )
        )
    floors = []
    content = None
    needed = outlook.li2s_needed
    for name, floor in outlook.floors.items():
        k = list(floor.years).index(year) if year in floor.years else -1
        floors.append(
            FloorRow(
                name,
                usd_kg(floor.path.at(year)),
                floor_text(claims, floor, year) if k >= 0 else "n/a",
                span_of(needed.get(name), "USD/kg") if name in needed else "n/a",
            )
        )
        content = Cited(
            f"{num(floor.content_pct[0])}\u2013{num(floor.content_pct[1])} wt%",
            sources.cite(floor.content_sources),
        )
    ids = [s for r in rows for a in r.anchors for s in a.sources]
    overlay = [r.entry for r in rows if r.overlay]
    return ScenarioSection(
        tuple(rows),
        tuple(design_rows),
        tuple(floors),
        tuple(table1),
        breakeven_text(claims, outlook),
        claims.say("breakeven-liquid", span_of(outlook.breakeven_liquid, "USD/kg")),
        claims.say("breakeven-market", span_of(outlook.breakeven_market, "USD/kg")),
        benchmark(claims, kb, sources, outlook.target, "target"),
        benchmark(claims, kb, sources, outlook.liquid, "liquid"),
        benchmark(claims, kb, sources, outlook.market_cell, "cell"),
        content,
        tuple(names),
        sources.cite(ids),
        ("Price paths from your knowledge overlay: " + ", ".join(overlay) + "." if overlay else ""),
    )


def _at(values: Sequence[Any], years: Sequence[int], year: int) -> Any:
    return values[list(years).index(year)] if year in years else None


def cost_text(claims: Claims, run: Any, year: int) -> str:
    """A design's cost in a year under a scenario."""
    cost = run.at(year)[0]
    return claims.say(f"cost:{run.design}:{run.scenario}:{year}", num(cost))


def breakeven_text(claims: Claims, outlook: BriefOutlook) -> str:
    """The sulfide designs' break-even electrolyte price range in the parity year."""
    return claims.say("breakeven", span_of(outlook.breakeven, "USD/kg"))


def floor_text(claims: Claims, floor: Any, year: int) -> str:
    """The Li2S floor in a year under a Li2S path."""
    k = list(floor.years).index(year)
    return claims.say(
        f"li2s-floor:{floor.scenario}:{year}", span_of((floor.low[k], floor.high[k]), "USD/kg")
    )


# -- market -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnouncementRow:
    """An announcement as a table row."""

    id: str
    company: str
    product: str
    electrolyte_class: str
    region: str
    capacity: Cited
    sop: str
    status: str
    timing: str
    timing_phase: str
    tag: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ForecastRow:
    """A forecast or observation as a table row."""

    id: str
    publisher: str
    metric: str
    scope: str
    values: Cited
    scenario: str
    basis: str
    observed: bool
    tag: str


@dataclass(frozen=True)
class MarketSection:
    """Announcements, forecasts and observed volumes, as of the briefing's year."""

    announcements: tuple[AnnouncementRow, ...]
    forecasts: tuple[ForecastRow, ...]
    due: tuple[str, ...]  # companies with a start of production within five years of the year
    past: tuple[str, ...]  # announced start of production before the year, not confirmed
    producing: tuple[str, ...]  # in production by the year (with their electrolyte class)
    capacity_range: str
    sources: tuple[str, ...]


METRIC_LABELS = {
    "shipments_gwh": "shipments (GWh)",
    "capacity_gwh": "factory capacity (GWh)",
    "market_potential_gwh": "market potential (GWh)",
    "share_pct": "share (%)",
}


def sop_text(entry: Any) -> str:
    """'2027–2028' or '2030' or 'not stated'."""
    if entry.sop_year is None:
        return "not stated"
    if entry.sop_year_latest and entry.sop_year_latest != entry.sop_year:
        return f"{entry.sop_year}\u2013{entry.sop_year_latest}"
    return str(entry.sop_year)


def market_section(
    kb: Any, outlook: BriefOutlook, sources: Sources, claims: Claims
) -> MarketSection:
    """The market view narrowed to the briefing's region."""
    market = outlook.market
    year = outlook.year
    rows = []
    due, past, producing, capacities = [], [], [], []
    for item in market.announcements if market else ():
        a = kb.entries[item.id]
        if a.capacity_gwh is not None:
            cap = Cited(span(a.capacity_gwh, "GWh/yr"), sources.of(a.capacity_gwh))
            capacities += list(a.capacity_gwh.bounds())
        else:
            cap = Cited(a.capacity_note or "not stated")
        if a.sop_year is not None and year <= a.sop_year <= year + 5 and a.status != "production":
            due.append(a.company)
        if item.status.phase == "past":
            past.append(a.company)
        if a.status == "production" and a.sop_year is not None and a.sop_year <= year:
            producing.append(f"{a.company} ({a.electrolyte_class})")
        rows.append(
            AnnouncementRow(
                a.id,
                a.company + (f" ({', '.join(a.partners)})" if a.partners else ""),
                a.product,
                a.electrolyte_class,
                a.region,
                cap,
                claims.say(f"sop:{a.id}", sop_text(a)),
                f"{a.status} (as of {a.as_of})",
                item.status.text,
                item.status.phase,
                evidence_tag(a),
                sources.cite(a.source),
            )
        )
    forecasts = []
    for fid in market.forecasts if market else ():
        f = kb.entries[fid]
        values = "; ".join(
            f"{p.year}: {span(p, 'GWh' if f.metric.endswith('gwh') else '%')}"
            for p in sorted(f.points, key=lambda p: p.year)
        )
        forecasts.append(
            ForecastRow(
                f.id,
                f.publisher,
                METRIC_LABELS.get(f.metric, f.metric),
                f.scope,
                Cited(values, sources.of(*f.points)),
                "observed" if f.observed else f.scenario,
                f.scenario_basis,
                f.observed,
                evidence_tag(f),
            )
        )
    return MarketSection(
        tuple(rows),
        tuple(forecasts),
        tuple(dict.fromkeys(due)),
        tuple(dict.fromkeys(past)),
        tuple(dict.fromkeys(producing)),
        span_of((min(capacities), max(capacities)), "GWh/yr") if capacities else "n/a",
        sources.cite([s for r in rows for s in r.sources]),
    )


# -- policy and standards -------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyRow:
    """A policy as a table row, with its status in the briefing's year."""

    id: str
    region: str
    name: str
    instrument: str
    provision: str
    dates: str
    amount: str
    status: str
    phase: str
    tag: str
    sources: tuple[str, ...]


def policy_rows(
    kb: Any, items: Iterable[Dated], sources: Sources, claims: Claims
) -> list[PolicyRow]:
    """Policies with their status in the year."""
    out = []
    for item in items:
        p = kb.entries[item.id]
        dates = []
        if p.adopted:
            dates.append(f"adopted {p.adopted}")
        if p.in_force:
            dates.append(f"applies {p.in_force}")
        if p.ends:
            dates.append(f"ends {p.ends}")
        dates += [f"{m.when}: {m.event}" for m in p.milestones]
        ids = sources.cite(sorted(p.cited()))
        out.append(
            PolicyRow(
                p.id,
                p.region,
                p.name,
                p.instrument,
                p.provision,
                "; ".join(dates),
                p.amount or "",
                claims.say(f"status:{p.id}", item.status.text),
                item.status.phase,
                evidence_tag(p),
                ids,
            )
        )
    return out


@dataclass(frozen=True)
class StandardRow:
    """A standard with its status in the briefing's year and its solid-state gap."""

    view: kbviews.StandardView
    status: str
    phase: str
    region: str


def standard_rows(
    kb: Any, items: Iterable[Dated], sources: Sources, claims: Claims
) -> list[StandardRow]:
    """Standards (region-filtered by the outlook) with their status in the year."""
    from decide.outlook import region_of

    out = []
    for item in items:
        entry = kb.entries[item.id]
        view = kbviews.standard_view(entry, sources)
        out.append(
            StandardRow(
                view,
                claims.say(f"status:{entry.id}", item.status.text),
                item.status.phase,
                region_of(entry.region),
            )
        )
    return out


# -- patents ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyRow:
    """One patent study: its basis and its counts by country."""

    id: str
    name: str
    basis: str
    unit: str
    by: str
    period: str
    total: str
    countries: tuple[str, ...]  # in COUNTRIES order; '' where the study has none
    leader: str  # largest company holder by this study's count, with its basis
    tag: str
    sources: tuple[str, ...]


def country_text(c: Any) -> str:
    """'48.6 % (2,645)', '≈37 %', '5.8 % (≈315, derived)'."""
    parts = []
    if c.share_pct is not None:
        parts.append(("\u2248" if c.approximate else "") + f"{c.share_pct:g} %")
    if c.count is not None:
        count = ("\u2248" if c.derived else "") + num(c.count, 4)
        parts.append(f"({count}{', derived' if c.derived else ''})" if parts else count)
    return " ".join(parts)


def study_rows(kb: Any, ids: Iterable[str], sources: Sources, claims: Claims) -> list[StudyRow]:
    """Patent studies by country, each with its largest holder stated on its own basis."""
    out = []
    for sid in ids:
        s = kb.entries[sid]
        leader = ""
        if s.by_company:
            name, count = max(s.by_company.items(), key=lambda kv: kv[1].count or 0)
            leader = claims.say(
                f"largest-holder:{s.id}",
                f"{name} holds the most ({num(count.count, 4)} {s.unit}, {s.period}; {s.basis})",
            )
        total = span(s.total, s.unit) if s.total is not None else ""
        out.append(
            StudyRow(
                s.id,
                s.name,
                s.basis,
                s.unit,
                s.by,
                s.period,
                total,
                tuple(
                    country_text(s.by_country[c]) if c in s.by_country else "" for c in COUNTRIES
                ),
                leader,
                evidence_tag(s),
                sources.cite(sorted(s.cited())),
            )
        )
    return out


# -- technology ---------------------------------------------------------------------------------


def electrolyte_claims(
    rows: Sequence[technical.ElectrolyteView], claims: Claims
) -> list[technical.ElectrolyteView]:
    """Record each electrolyte's conductivity and window as claims (the chart draws the same
    entries' values)."""
    for r in rows:
        if r.conductivity is not None:
            claims.say(f"conductivity:{r.id}", r.conductivity.text)
        if r.window is not None:
            claims.say(f"window:{r.id}", r.window.text)
    return list(rows)


# -- costs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaveatRow:
    """A low-confidence price input and the share of each design's cost it carries."""

    entry: str
    name: str
    components: str
    shares: str  # 'design 23 %, ...'
    sources: tuple[str, ...]


def caveat_rows(kb: Any, outlook: BriefOutlook, sources: Sources) -> list[CaveatRow]:
    """Low-confidence price entries the reference designs' costs rest on, largest share first."""
    by_entry: dict[str, list[tuple[str, str, float]]] = {}
    for profile in outlook.profiles:
        for item in profile.low_confidence:
            by_entry.setdefault(item.entry, []).append((profile.design, item.component, item.share))
    out = []
    for entry_id, items in sorted(by_entry.items(), key=lambda kv: -max(i[2] for i in kv[1])):
        entry = kb.entries.get(entry_id)
        comps = sorted({c.replace("_", " ") for _, c, _ in items})
        lo, hi = min(i[2] for i in items), max(i[2] for i in items)
        out.append(
            CaveatRow(
                entry_id,
                getattr(entry, "name", entry_id),
                ", ".join(comps),
                pct(lo) if num(100 * lo, 2) == num(100 * hi, 2) else f"{pct(lo)}\u2013{pct(hi)}",
                sources.cite(sorted(entry.cited())) if entry is not None else (),
            )
        )
    return out
