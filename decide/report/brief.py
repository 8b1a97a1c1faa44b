"""The strategy / policy briefing: a view model a minister or a board can act on.

It leads with the so-what (the cost parity the seed article expects, checked against decide's own
cell model under low, base and high price paths), the decisions it recommends with owner, horizon
and indicator, and what would change the conclusion; then the sections the audience needs.
Every number was computed below the report layer (`decide.outlook`, `decide.scenarios`) or read
from the knowledge base; this module selects, words and cites. Options (`BriefOptions`) choose the
year, the scenario the summary leads with, the audience, the region, the sections and a short
version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from decide import __version__
from decide.errors import InputError
from decide.kb.dated import year_of
from decide.outlook import PARITY_YEAR, BriefOutlook
from decide.report import brief_sections as bs
from decide.report import kbviews, technical
from decide.report.brief_sections import Claims, span_of, usd_kg, usd_kwh
from decide.report.design_summary import DesignSummary, summarise
from decide.report.formatting import num
from decide.report.model import Cited, Figure, Provenance
from decide.report.sources import SourceRef, Sources
from decide.suggest import did_you_mean
from decide.vocab.metrics import DENSITY, ENERGY

TEMPLATE = "brief.html.j2"
AUDIENCES = ("policy", "industry", "research")
SCENARIO_CHOICES = ("low", "base", "high")
REGION_CHOICES = ("China", "Japan", "Korea", "EU", "US")
SECTION_TITLES = {
    "summary": "Executive summary",
    "scenarios": "Price scenarios and cost parity",
    "market": "Market: announcements, forecasts, volumes",
    "policy": "Policy and regulation by region",
    "standards": "Standards and their solid-state gaps",
    "patents": "Patents by country",
    "actions": "Strategic imperatives and decisions",
    "roadmap": "Roadmap and the reference designs",
    "technology": "Technical evidence",
    "costs": "Cost inputs, benchmarks and caveats",
}
SECTIONS = tuple(SECTION_TITLES)
# Which sections each audience gets, in order, and at what depth ('short' drops the detail
# tables). The summary always leads; the sources always close.
PLANS: dict[str, tuple[tuple[str, str], ...]] = {
    "policy": (
        ("summary", "full"),
        ("scenarios", "short"),
        ("market", "full"),
        ("policy", "full"),
        ("standards", "full"),
        ("patents", "full"),
        ("actions", "full"),
        ("roadmap", "short"),
        ("technology", "short"),
        ("costs", "short"),
    ),
    "industry": (
        ("summary", "full"),
        ("scenarios", "full"),
        ("market", "full"),
        ("costs", "full"),
        ("standards", "full"),
        ("policy", "full"),
        ("patents", "short"),
        ("actions", "short"),
        ("roadmap", "short"),
        ("technology", "short"),
    ),
    "research": (
        ("summary", "full"),
        ("scenarios", "short"),
        ("technology", "full"),
        ("roadmap", "full"),
        ("costs", "full"),
        ("patents", "full"),
        ("standards", "short"),
        ("market", "short"),
        ("policy", "short"),
        ("actions", "full"),
    ),
}
# The short version: the summary and a page of scenarios (--pages 4), plus a page of market and
# policy dates (--pages 5 or 6); the sources close it.
SHORT_PLANS = {
    4: (("summary", "full"), ("scenarios", "brief")),
    6: (("summary", "full"), ("scenarios", "brief"), ("market", "brief")),
}
SHORT_PAGES = 6
MIN_PAGES = 4


@dataclass(frozen=True)
class BriefOptions:
    """What the reader asked for: the year, the scenario the summary leads with, audience,
    region, sections (None: the audience's plan) and a page budget (None: no budget)."""

    year: int
    scenario: str = "base"
    audience: str = "industry"
    region: str | None = None
    sections: tuple[str, ...] | None = None
    pages: int | None = None

    def __post_init__(self) -> None:
        checks = (
            ("--scenario", self.scenario, SCENARIO_CHOICES),
            ("--audience", self.audience, AUDIENCES),
        )
        for option, value, choices in checks:
            if value not in choices:
                raise InputError(f"{option}: unknown {value!r}{did_you_mean(value, choices)}")
        if self.region is not None and self.region not in REGION_CHOICES:
            hint = did_you_mean(self.region, REGION_CHOICES)
            raise InputError(f"--region: unknown region {self.region!r}{hint}")
        for name in self.sections or ():
            if name not in SECTIONS:
                raise InputError(
                    f"--sections: unknown section {name!r}{did_you_mean(name, SECTIONS)}; "
                    f"choose from {', '.join(SECTIONS)}"
                )
        if self.pages is not None and self.pages < MIN_PAGES:
            raise InputError(
                f"--pages: {self.pages} is too few; the summary alone takes up to 2 pages "
                f"(at least {MIN_PAGES})"
            )

    @property
    def short(self) -> bool:
        """True for the short version (a page budget of SHORT_PAGES or fewer)."""
        return self.pages is not None and self.pages <= SHORT_PAGES

    def plan(self) -> tuple[tuple[str, str], ...]:
        """(section, depth) in order."""
        if self.short and self.pages is not None:
            plan = SHORT_PLANS[4 if self.pages == MIN_PAGES else SHORT_PAGES]
        else:
            plan = PLANS[self.audience]
        if self.sections is None:
            return plan
        wanted = set(self.sections) | {"summary"}
        chosen = [(k, d) for k, d in plan if k in wanted]
        known = {k for k, _ in chosen}
        chosen += [(k, "full") for k in SECTIONS if k in wanted and k not in known]
        return tuple(chosen)


@dataclass(frozen=True)
class Section:
    """A section of the briefing as the template lays it out."""

    key: str
    number: int
    title: str
    depth: str


@dataclass(frozen=True)
class DecisionView:
    """A recommended decision: owner, horizon, indicator and the finding it rests on."""

    text: str
    owner: str
    by: str
    indicator: str
    why: Cited | None
    sources: tuple[str, ...]
    imperative: str


@dataclass(frozen=True)
class ScenarioLine:
    """One row of the summary's scenario table."""

    scenario: str
    price_year: str
    price_2030: str
    cost_year: str
    cost_2030: str
    parity: str
    chosen: bool


@dataclass(frozen=True)
class PhaseLine:
    """One row of the summary's phase table."""

    design: str
    architecture: str
    window: str
    targets_met: str
    gap: str
    probability: str


@dataclass
class Summary:
    """The executive summary (two pages at most)."""

    written_for: str
    verdict: list[Cited]
    contradicts_seed: bool
    scenarios: list[ScenarioLine]
    phases: list[PhaseLine]
    findings: list[Cited]
    decisions: list[DecisionView]
    changes: list[Cited]
    caveat: Cited | None


@dataclass
class BriefView:
    """Everything the briefing template shows."""

    title: str
    version: str
    year: int
    options: BriefOptions
    options_text: str
    knowledge_date: str
    sections: list[Section]
    summary: Summary
    current_phases: list[str]
    phases: list[kbviews.PhaseView]
    scenarios: bs.ScenarioSection
    market: bs.MarketSection
    policies: list[bs.PolicyRow]
    key_policies: list[bs.PolicyRow]  # obligations ahead of or starting near the year
    standards: list[bs.StandardRow]
    chinese_standards: list[bs.StandardRow]
    studies: list[bs.StudyRow]
    ip: list[kbviews.IpView]
    imperatives: list[kbviews.ImperativeView]
    all_decisions: list[DecisionView]
    electrolytes: list[technical.ElectrolyteView]
    strategies: list[technical.StrategyView]
    matrix: technical.CompatMatrix
    projections: kbviews.ProjectionTable | None
    designs: list[DesignSummary]
    caveats: list[bs.CaveatRow]
    cell_prices: list[kbviews.PriceView]
    cathode_share: Cited | None
    figures: dict[str, Figure]
    provenance: Provenance
    sources: list[SourceRef]
    links: dict[str, str]
    claims: Claims = field(repr=False, default_factory=Claims)
    figure_specs: dict[str, Any] = field(repr=False, default_factory=dict)

    def has(self, key: str) -> bool:
        """True when the briefing includes section `key`."""
        return any(s.key == key for s in self.sections)

    def number(self, key: str) -> int:
        """The section number of `key` (0 when absent)."""
        return next((s.number for s in self.sections if s.key == key), 0)


def build_brief(
    kb: Any,
    options: BriefOptions,
    outlook: BriefOutlook,
    assessments: Sequence[Any] = (),
    rules_digest: str | None = None,
    draw_figures: bool = True,
) -> BriefView:
    """Assemble the briefing for `options` from the knowledge base, the reference designs'
    assessments and the outlook computed for them. With `draw_figures` False the charts are
    left to the caller (`brief_figures.draw(view.figure_specs)`, e.g. in another process)."""
    sources = Sources(kb)
    claims = Claims()
    sources.cite("seed-article")
    year = options.year
    phases = kbviews.phases(kb, sources)
    market = outlook.market
    table1 = kbviews.prices(kb, sources, only_sulfide=True)
    table1 = [p for p in table1 if p.id == _base_entry(outlook)] or table1[:1]
    scenarios = bs.scenario_section(kb, outlook, sources, claims, table1)
    policies = bs.policy_rows(kb, market.policies if market else (), sources, claims)
    standards = bs.standard_rows(kb, market.standards if market else (), sources, claims)
    studies = bs.study_rows(kb, market.patents if market else (), sources, claims)
    designs = [summarise(a) for a in assessments]
    electrolytes = bs.electrolyte_claims(technical.electrolytes(kb, sources), claims)
    plan = options.plan()
    sections = [
        Section(key, n, SECTION_TITLES[key], depth) for n, (key, depth) in enumerate(plan, 1)
    ]
    knowledge = (market.knowledge_date if market else None) or "unknown"
    view = BriefView(
        title=f"Solid-state battery industrialization: briefing for {year}",
        version=__version__,
        year=year,
        options=options,
        options_text=_options_text(options),
        knowledge_date=knowledge,
        sections=sections,
        summary=Summary("", [], False, [], [], [], [], [], None),
        current_phases=[p.name for p in phases if p.start_year <= year <= p.end_year],
        phases=phases,
        scenarios=scenarios,
        market=bs.market_section(kb, outlook, sources, claims),
        policies=policies,
        key_policies=_key_policies(kb, policies, year),
        standards=standards,
        chinese_standards=[s for s in standards if s.region == "China"],
        studies=studies,
        ip=kbviews.ip_areas(kb, sources),
        imperatives=kbviews.imperatives(kb, sources),
        all_decisions=[],
        electrolytes=electrolytes,
        strategies=technical.interface_strategies(kb, sources),
        matrix=technical.compatibility_matrix(outlook.compatibility, kb, sources),
        projections=kbviews.projections(kb, sources),
        designs=designs,
        caveats=bs.caveat_rows(kb, outlook, sources),
        cell_prices=kbviews.prices(kb, sources, unit="usd_per_kwh"),
        cathode_share=_cathode_share(kb, outlook, sources),
        figures={},
        provenance=Provenance(__version__, kb.digest, rules_digest),
        sources=[],
        links={},
        claims=claims,
    )
    findings = _findings(kb, view, outlook, sources, claims)
    view.all_decisions = _decisions(kb, options, findings, sources, limit=None)
    view.summary = _summary(kb, view, outlook, findings, sources, claims)
    from decide.report.brief_figures import draw, inputs

    view.figure_specs = inputs(kb, view, outlook, sources)  # cites what the charts plot
    if draw_figures:
        view.figures = draw(view.figure_specs)
    view.sources = sources.listing()
    view.links = {ref.id: ref.href or f"#src-{ref.id}" for ref in view.sources}
    return view


def cited_in(html: str) -> set[str]:
    """The source ids the rendered briefing cites (its bracketed links)."""
    import re

    return set(re.findall(r'<a class="cite" href="[^"]*">([a-z0-9][a-z0-9.+-]*)</a>', html))


def keep_cited(view: BriefView, html: str) -> None:
    """List only the sources the briefing's text, tables and figures actually cite: the view
    builds every section's data, the plan shows some of them."""
    cited = cited_in(html)
    view.sources = [ref for ref in view.sources if ref.id in cited]


def _key_policies(kb: Any, rows: Sequence[bs.PolicyRow], year: int) -> list[bs.PolicyRow]:
    """Policies whose obligations lie ahead in `year` or start within five years of it."""
    out = []
    for row in rows:
        entry = kb.entries[row.id]
        dates = [entry.in_force, entry.ends] + [m.when for m in entry.milestones if m.planned]
        near = any(d and year <= year_of(d) <= year + 5 for d in dates)
        if row.phase in ("pending", "unknown") or near:
            out.append(row)
    return out


def _base_entry(outlook: BriefOutlook) -> str:
    base = outlook.paths.get("sulfide", {}).get("base")
    return base.entry if base is not None else ""


def _options_text(options: BriefOptions) -> str:
    parts = [
        f"written for {options.year}",
        f"leads with the {options.scenario} price scenario",
        f"audience: {options.audience}",
        f"region: {options.region or 'all'}",
    ]
    if options.short:
        parts.append(f"short version ({options.pages} pages)")
    if options.sections:
        parts.append("sections: " + ", ".join(options.sections))
    return " · ".join(parts)


def _cathode_share(kb: Any, outlook: BriefOutlook, sources: Sources) -> Cited | None:
    """The reference designs' cathode share of cost beside the market source's share."""
    shares = [p.cathode_share for p in outlook.profiles if p.cathode_share is not None]
    market = None
    for m in kb.with_role("cathode"):
        prop = m.properties.get("cathode_cost_share_pct")
        if prop is not None:
            market = (m, prop)
            break
    if not shares or market is None:
        return None
    lo, hi = market[1].bounds()
    return Cited(
        f"The cathode active material is {bs.pct(min(shares))}\u2013{bs.pct(max(shares))} of the "
        f"reference designs' {PARITY_YEAR} cell cost, priced from a tool's example input (low "
        f"confidence); the market model cited puts it at {num(lo)}\u2013{num(hi)} % of "
        f"{market[0].name} cell cost. Market-priced cathodes would raise every cost here and "
        "move parity further away.",
        sources.of(market[1]),
    )


# -- findings and the summary ---------------------------------------------------------------------


def _scenario(outlook: BriefOutlook, name: str) -> Any:
    return next((s for s in outlook.scenarios if s.scenario == name), None)


def _findings(
    kb: Any, view: BriefView, outlook: BriefOutlook, sources: Sources, claims: Claims
) -> dict[str, Cited]:
    """The computed findings decisions rest on, keyed by FindingName."""
    year = outlook.year
    out: dict[str, Cited] = {}
    base = _scenario(outlook, "base")
    target = view.scenarios.target
    if base is not None and base.sulfide_cost is not None:
        out["parity"] = Cited(
            f"sulfide designs cost {span_of(base.sulfide_cost, 'USD/kWh')} in {PARITY_YEAR} "
            f"(base path) against {target.text if target else 'the projection'}",
            target.sources if target else (),
        )
    if outlook.breakeven is not None and base is not None and base.path is not None:
        out["breakeven"] = Cited(
            f"break-even {view.scenarios.breakeven} in {PARITY_YEAR}; the base path has "
            f"{bs.price_text(claims, base.path, PARITY_YEAR)}",
            sources.cite(["seed-article"]),
        )
    floor = outlook.floors.get("base")
    if floor is not None and year in floor.years:
        li2s = kb.entries.get(floor.path.entry)
        out["li2s-floor"] = Cited(
            f"Li2S alone: {bs.floor_text(claims, floor, year)} of electrolyte in {year} "
            f"(Li2S at {usd_kg(floor.path.at(year))})",
            sources.cite(sorted(li2s.cited())) if li2s is not None else (),
        )
    market = view.market
    observed = [s for f in market.forecasts if f.observed for s in f.values.sources]
    out["market"] = Cited(
        f"{len(market.due)} programmes due by {year + 5}; stated capacities "
        f"{market.capacity_range}",
        sources.cite(observed),
    )
    best = max(outlook.phases, key=lambda p: (p.targets_met, p.design), default=None)
    if best is not None:
        out["phase"] = Cited(
            f"best reference design ({best.design}) meets the phase-{best.targets_met} targets"
        )
    draft = next((s for s in view.standards if s.view.status.startswith("draft")), None)
    if draft is not None:
        out["standards"] = Cited(f"{draft.view.code}: {draft.status}", draft.view.sources)
    jpo = next((s for s in view.studies if s.by == "applicant-origin" and s.countries[1]), None)
    if jpo is not None:
        out["patents"] = Cited(
            f"{jpo.name.split(':')[0]}: Japan {jpo.countries[1]}, China {jpo.countries[0]}",
            jpo.sources,
        )
    return out


def _decisions(
    kb: Any,
    options: BriefOptions,
    findings: dict[str, Cited],
    sources: Sources,
    limit: int | None = 5,
) -> list[DecisionView]:
    """The decisions for the audience and region whose horizon is not past, by priority."""
    year = options.year
    ranked = []
    for n, imperative in enumerate(kb.of_kind("imperative")):
        for k, d in enumerate(imperative.decisions):
            if d.by is not None and year_of(d.by) < year:
                continue
            if options.region and d.regions and options.region not in d.regions:
                continue
            fits = options.audience in d.audiences
            ranked.append((not fits, d.priority, n, k, imperative, d))
    ranked.sort(key=lambda r: r[:4])
    if limit is not None:
        chosen = [r for r in ranked if not r[0]][:limit]
        if len(chosen) < 3:  # too few for this audience: take the next best of any audience
            chosen += [r for r in ranked if r[0]][: 3 - len(chosen)]
    else:
        chosen = [r for r in ranked if not r[0]]
    out = []
    for *_, imperative, d in chosen:
        by = d.by if d.by is not None else f"{year + (d.within_years or 0)}"
        why = findings.get(d.rests_on) if d.rests_on else None
        if d.rests_on == "policy" and d.about:
            why = _about(kb, d.about, year, findings)
        out.append(
            DecisionView(
                d.text,
                d.owner,
                by,
                d.indicator,
                why,
                sources.cite(d.source),
                imperative.name,
            )
        )
    return out


def _about(kb: Any, ids: Sequence[str], year: int, findings: dict[str, Cited]) -> Cited:
    from decide.kb.dated import knowledge_date, policy_status, standard_status

    known = knowledge_date(kb)
    texts = []
    ids_cited: list[str] = []
    for i in ids:
        entry = kb.entries.get(i)
        if entry is None:
            continue
        status = (policy_status if entry.kind == "policy" else standard_status)(entry, year, known)
        texts.append(f"{entry.name}: {status.text}")
        ids_cited += sorted(entry.cited())
    return Cited("; ".join(texts), tuple(sorted(set(ids_cited))))


def _written_for(year: int, knowledge: str) -> str:
    text = (
        f"Written for {year}: prices, the current roadmap phase, the status of each standard and "
        f"policy and which announced starts of production lie in the past are those of {year}."
    )
    if knowledge != "unknown" and year > year_of(knowledge):
        text += (
            f" The knowledge base was last confirmed on {knowledge}: statuses after that date are "
            "not known and are marked so."
        )
    elif knowledge != "unknown":
        text += f" Knowledge as of {knowledge}."
    return text


def _summary(
    kb: Any,
    view: BriefView,
    outlook: BriefOutlook,
    findings: dict[str, Cited],
    sources: Sources,
    claims: Claims,
) -> Summary:
    year = outlook.year
    chosen = outlook.scenario
    sc = view.scenarios
    base = _scenario(outlook, "base")
    low = _scenario(outlook, "low")
    lead = _scenario(outlook, chosen)
    target = sc.target.text if sc.target else "the solid-state projection"
    liquid = sc.liquid.text if sc.liquid else "the liquid projection"
    bench_ids = tuple(
        sorted(
            set((sc.target.sources if sc.target else ()) + (sc.liquid.sources if sc.liquid else ()))
        )
    )
    verdict: list[Cited] = []
    contradicts = bool(
        base is not None and base.sulfide_cost is not None and not base.parity_designs
    )
    if base is not None and base.sulfide_cost is not None and base.path is not None:
        seed_2030 = bs.price_text(claims, base.path, PARITY_YEAR)
        cost = span_of(base.sulfide_cost, "USD/kWh")
        if contradicts:
            verdict.append(
                Cited(
                    f"The seed's expectation of cost parity by {PARITY_YEAR} does not hold in "
                    f"decide's cell model: at the seed's {PARITY_YEAR} sulfide electrolyte price "
                    f"(computed at {seed_2030}) the {len(outlook.sulfide_designs())} sulfide "
                    f"reference designs cost {cost}, against {target} projected for "
                    f"solid-state and {liquid} for liquid cells.",
                    sources.cite(("seed-article", *bench_ids)),
                )
            )
        else:
            verdict.append(
                Cited(
                    f"On the seed's price path ({seed_2030} in {PARITY_YEAR}) "
                    f"{len(base.parity_designs)} of the sulfide reference designs reach "
                    f"{target} by {PARITY_YEAR}: " + ", ".join(base.parity_designs) + ".",
                    sources.cite(("seed-article", *bench_ids)),
                )
            )
    if outlook.breakeven is not None:
        text = (
            f"Parity needs the solid electrolyte at {sc.breakeven} (the break-even price against "
            f"{target}; {sc.breakeven_liquid} to match liquid cells)"
        )
        ids: list[str] = []
        floor = outlook.floors.get("base")
        if floor is not None and year in floor.years:
            text += (
                f"; Li2S alone costs {bs.floor_text(claims, floor, year)} of sulfide electrolyte "
                f"at {usd_kg(floor.path.at(year))} Li2S"
            )
            li2s = kb.entries.get(floor.path.entry)
            ids += sorted(li2s.cited()) if li2s is not None else []
            ids += list(floor.content_sources)
        verdict.append(Cited(text + ".", sources.cite(ids)))
    if lead is not None and lead.path is not None:
        if chosen != "base":
            verdict.append(
                Cited(
                    f"Under the {chosen} price path "
                    f"({bs.price_text(claims, lead.path, PARITY_YEAR)} in {PARITY_YEAR}; "
                    "a decide scenario built from named anchors, not a source's "
                    f"forecast) the sulfide designs cost "
                    f"{span_of(lead.sulfide_cost, 'USD/kWh')} in {PARITY_YEAR}: the path "
                    + _parity_words(lead.parity_designs)
                    + ".",
                    sources.cite(_path_sources(kb, lead.path)),
                )
            )
        elif low is not None and low.path is not None:
            needed = outlook.li2s_needed.get("low")
            text = (
                f"Even the low path ({bs.price_text(claims, low.path, PARITY_YEAR)} in "
                f"{PARITY_YEAR}; a decide scenario from named anchors) "
                + _parity_words(low.parity_designs)
            )
            if needed is not None:
                text += f"; it needs Li2S below {span_of(needed, 'USD/kg')}"
                current = outlook.paths.get("li2s", {}).get("base")
                if current is not None:
                    text += f", against {usd_kg(current.prices[-1])} in the latest quote"
            verdict.append(Cited(text + ".", sources.cite(_path_sources(kb, low.path))))
    lines = []
    for run in outlook.scenarios:
        if run.path is None:
            continue
        cost_year = _range_at(run, outlook, year)
        lines.append(
            ScenarioLine(
                bs.SCENARIO_NAMES.get(run.scenario, run.scenario),
                bs.price_text(claims, run.path, year),
                bs.price_text(claims, run.path, PARITY_YEAR),
                span_of(cost_year, "USD/kWh"),
                span_of(run.sulfide_cost, "USD/kWh"),
                ", ".join(run.parity_designs) or "none",
                run.scenario == chosen,
            )
        )
    phase_lines = [_phase_line(kb, p) for p in outlook.phases]
    findings_list = _summary_findings(kb, view, outlook, findings, sources, claims)
    decisions = _decisions(kb, view.options, findings, sources)
    changes = _changes(kb, view, outlook, sources, claims)
    caveat = None
    if view.caveats:
        parts = [f"{c.name} ({c.shares} of cost)" for c in view.caveats[:4]]
        caveat = Cited(
            f"{bs.FINGER} Costs rest on low-confidence inputs: " + "; ".join(parts) + ". "
            "Replace them with quotations through --knowledge.",
            tuple(sorted({s for c in view.caveats[:4] for s in c.sources})),
        )
    return Summary(
        _written_for(year, view.knowledge_date),
        verdict,
        contradicts,
        lines,
        phase_lines,
        findings_list,
        decisions,
        changes,
        caveat,
    )


def _parity_words(designs: Sequence[str]) -> str:
    if not designs:
        return "brings no sulfide design to the target by then"
    n = len(designs)
    return f"brings {n} sulfide design{'s' if n > 1 else ''} to the target: " + ", ".join(designs)


def _path_sources(kb: Any, path: Any) -> list[str]:
    entry = kb.entries.get(path.entry)
    return sorted(entry.cited()) if entry is not None else []


def _range_at(run: Any, outlook: BriefOutlook, year: int) -> tuple[float, float] | None:
    sulfide = set(outlook.sulfide_designs())
    found = [c for d in run.designs if d.design in sulfide and (c := d.at(year)[0]) is not None]
    return (min(found), max(found)) if found else None


def _phase_line(kb: Any, reach: Any) -> PhaseLine:
    gap = "; ".join(
        f"{num(actual)} of {num(target)} {kbviews.unit_of(metric)}"
        for metric, target, actual in reach.next_gaps
        if actual is not None
    )
    probability = (
        " / ".join(f"{100 * v:.0f}" for _, v in sorted(reach.probability.items())) + " %"
        if reach.probability
        else "not computed"
    )
    return PhaseLine(
        reach.design,
        f"phase {reach.architecture}" if reach.architecture else "none",
        f"{reach.window[0]}\u2013{reach.window[1]}" if reach.window else "",
        str(reach.targets_met),
        gap or "none",
        probability,
    )


def _summary_findings(
    kb: Any,
    view: BriefView,
    outlook: BriefOutlook,
    findings: dict[str, Cited],
    sources: Sources,
    claims: Claims,
) -> list[Cited]:
    year = outlook.year
    out = []
    phase_ids = [s for p in view.phases for s in p.sources]
    if view.current_phases:
        out.append(
            Cited(
                f"In {year} the roadmap is in " + " and ".join(view.current_phases) + ".",
                sources.cite(phase_ids),
            )
        )
    else:
        last = max(view.phases, key=lambda p: p.end_year, default=None)
        first = min(view.phases, key=lambda p: p.start_year, default=None)
        where = (
            f"after the roadmap's last phase (ends {last.end_year})"
            if last is not None and year > last.end_year
            else f"before the roadmap's first phase (starts {first.start_year})"
            if first is not None
            else "outside the roadmap"
        )
        out.append(Cited(f"{year} lies {where}.", sources.cite(phase_ids)))
    market = view.market
    semi = [f for f in market.forecasts if f.observed]
    text = (
        f"Market: {len(market.due)} of {len(market.announcements)} announced programmes are due "
        f"to start production between {year} and {year + 5}"
    )
    if market.producing:
        text += f"; in production: {', '.join(market.producing)}"
    if market.past:
        names = ", ".join(market.past[:4]) + ("…" if len(market.past) > 4 else "")
        text += (
            f"; {len(market.past)} announced a start of production before {year} that no source "
            f"confirms ({names})"
        )
    text += f". Stated capacities: {market.capacity_range}."
    if semi:
        text += (
            " Volumes so far are semi-solid: "
            + "; ".join(f"{f.values.text} ({f.publisher})" for f in semi)
            + "."
        )
    out.append(Cited(text, sources.cite([s for f in semi for s in f.values.sources])))
    upcoming = []
    for row in view.policies:
        entry = kb.entries[row.id]
        dates = [entry.in_force] + [m.when for m in entry.milestones if m.planned]
        for when in dates:
            if when and year <= year_of(when) <= year + 5:
                upcoming.append((when, row))
    upcoming.sort(key=lambda u: u[0])
    if upcoming:
        seen: dict[str, str] = {}
        for when, row in upcoming:
            seen.setdefault(row.id, f"{when} {row.name} ({row.region})")
        out.append(
            Cited(
                f"Deadlines {year}\u2013{year + 5}: " + "; ".join(list(seen.values())[:5]) + ".",
                sources.cite([s for _, r in upcoming[:5] for s in r.sources]),
            )
        )
    if "standards" in findings:
        f = findings["standards"]
        out.append(Cited(f"Standards: {f.text}.", f.sources))
    if "patents" in findings:
        f = findings["patents"]
        cnipa = next((s for s in view.studies if s.by == "not-stated" and s.countries[0]), None)
        text = f"Patents: {f.text} of international families"
        ids = list(f.sources)
        if cnipa is not None:
            study = cnipa.name.split(":")[0]
            text += (
                f", but China {cnipa.countries[0]} of all applications ({study}): Chinese "
                "applicants file mostly at home"
            )
            ids += list(cnipa.sources)
        out.append(Cited(text + ".", sources.cite(ids)))
    return out


def _changes(
    kb: Any, view: BriefView, outlook: BriefOutlook, sources: Sources, claims: Claims
) -> list[Cited]:
    """What would change the conclusion, each with the number that marks it."""
    out = []
    sc = view.scenarios
    if outlook.breakeven is not None:
        watch = "smm-2025-lpsc-price-point"
        ids = [watch] if watch in kb.entries else []
        out.append(
            Cited(
                f"A sulfide electrolyte price at or below {sc.breakeven} (by design) would bring "
                "that design to the target; watch the LPSC market price point published since "
                "December 2025.",
                sources.cite(ids),
            )
        )
    needed = outlook.li2s_needed.get("low")
    floor = outlook.floors.get("base")
    if needed is not None and floor is not None:
        out.append(
            Cited(
                f"Li2S below {span_of(needed, 'USD/kg')} would make the low path possible; at its "
                f"latest quote ({usd_kg(floor.path.prices[-1])}) Li2S alone puts "
                f"{span_of((floor.low[-1], floor.high[-1]), 'USD/kg')} under every kg of "
                "electrolyte.",
                sources.cite(_path_sources(kb, floor.path) + list(floor.content_sources)),
            )
        )
    cell, pack = outlook.market_cell, outlook.market_pack
    if cell is not None and outlook.breakeven_market is not None:
        text = (
            f"The liquid benchmark keeps moving: the surveyed Li-ion cell price is "
            f"{sc.market_cell.text if sc.market_cell else usd_kwh(cell.value)}"
        )
        if pack is not None and outlook.pack_annual_change is not None:
            text += (
                f" (packs {usd_kwh(pack.value)}, {bs.change(outlook.pack_annual_change)} over the "
                "surveys)"
            )
        text += f"; matching today's cell price needs the electrolyte at {sc.breakeven_market}."
        entry_ids = [e for e in (cell.entry, pack.entry if pack else "") if e in kb.entries]
        out.append(
            Cited(text, sources.cite([s for e in entry_ids for s in sorted(kb.entries[e].cited())]))
        )
    if view.cathode_share is not None:
        out.append(view.cathode_share)
    computed = [p.probability for p in outlook.phases if p.probability]
    if not computed:
        out.append(
            Cited(
                "Uncertainty: phase results are point estimates; no probability was computed "
                "(the knowledge base's ranges were not propagated)."
            )
        )
    elif all(v in (0.0, 1.0) for p in computed for v in p.values()):
        out.append(
            Cited(
                "Uncertainty: with the knowledge base's ranges propagated, every reference "
                "design meets each phase's targets in all samples or in none; the verdicts do "
                "not hinge on the ranges recorded so far (most capacities and voltages are "
                "single values)."
            )
        )
    else:
        unsure = sorted(
            p.design
            for p in outlook.phases
            if p.probability and any(0.0 < v < 1.0 for v in p.probability.values())
        )
        out.append(
            Cited(
                "Uncertainty: within the knowledge base's ranges the phase of "
                f"{', '.join(unsure)} is not settled (probabilities strictly between 0 and "
                "100 %): measure their drivers first (decide metrics --uncertainty)."
            )
        )
    return out


# -- figures --------------------------------------------------------------------------------------


def design_points(designs: Sequence[DesignSummary]) -> list[tuple[str, float, float, str]]:
    """(id, Wh/kg, Wh/L, architecture) of the designs that have both."""
    out = []
    for d in designs:
        x, y = d.metrics.get(ENERGY), d.metrics.get(DENSITY)
        if isinstance(x, int | float) and isinstance(y, int | float):
            out.append((d.id, float(x), float(y), f"phase-{d.architecture} architecture"))
    return out
