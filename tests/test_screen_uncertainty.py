"""`decide screen --uncertainty`: the ranges propagated for the top N candidates only, as extra
CSV/JSON columns; the default screen is unchanged."""

from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path

from conftest import EXAMPLES, run_cli

from decide.screening.parallel import make_setup
from decide.screening.run import screen
from decide.screening.space import load_space
from decide.screening.uncertainty import top_uncertainty

BASE = EXAMPLES / "sulfide-nmc811-li20.yaml"
SPACE = """\
vary:
  separator.thickness_um: [20, 30, 40]
  anode.thickness_um: [10, 20]
"""


def _space(tmp_path: Path, base: Path = BASE) -> Path:
    path = tmp_path / "space.yaml"
    (tmp_path / base.name).write_bytes(base.read_bytes())  # a base lives beside its space
    path.write_text(f"id: t\nbase: {base.name}\n" + textwrap.dedent(SPACE), encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def test_without_the_flag_the_columns_are_unchanged(tmp_path, capsys) -> None:
    out = tmp_path / "plain.csv"
    code, _, _ = run_cli(["screen", str(_space(tmp_path)), "-o", str(out)], capsys)
    assert code == 0
    header = out.read_text().splitlines()[0]
    assert "_p5" not in header and "probability" not in header


def test_the_top_candidates_get_percentiles_and_phase_probabilities(tmp_path, capsys) -> None:
    out = tmp_path / "u.csv"
    argv = ["screen", str(_space(tmp_path)), "-o", str(out), "--top", "2", "--uncertainty"]
    code, _, err = run_cli([*argv, "--samples", "500"], capsys)
    assert code == 0, err
    rows = _rows(out)
    metric = "cell_specific_energy_wh_per_kg"
    done = [r for r in rows if r[f"{metric}_p5"]]
    assert len(done) == 2 and all(r["rank"] in ("1", "2") for r in done)
    for r in done:
        assert float(r[f"{metric}_p5"]) <= float(r[f"{metric}_p50"]) <= float(r[f"{metric}_p95"])
        probs = [float(r[f"phase_{k}_probability"]) for k in (1, 2, 3)]
        assert probs == sorted(probs, reverse=True)
    assert all(r["phase_1_probability"] == "" for r in rows if r not in done)
    jout = tmp_path / "u.json"
    run_cli([*argv, "--samples", "500", "-o", str(jout)], capsys)
    first = next(c for c in json.loads(jout.read_text())["candidates"] if c["rank"] == 1)
    assert isinstance(first[f"{metric}_p95"], float) and first["phase_1_probability"] == 1


def test_a_ranged_base_keeps_its_ranges_except_the_varied_fields(tmp_path, kb, ruleset) -> None:
    text = BASE.read_text().replace("porosity_pct: 10", "porosity_pct: {min: 8, max: 14}", 1)
    text = text.replace("thickness_um: 30", "thickness_um: {min: 25, max: 40}", 1)
    base = tmp_path / "base.yaml"
    base.write_text(text)
    space = load_space(_space(tmp_path, base), kb)
    result = screen(make_setup(space), kb, ruleset)
    found = top_uncertainty(space, result.ranking.order, kb, 1, 300, 0)
    (u,) = found.values()
    names = {r.name for r in u.inputs}
    assert "cathode.porosity_pct" in names
    assert "separator.thickness_um" not in names  # varied: fixed for each candidate


def test_samples_need_the_flag(tmp_path, capsys) -> None:
    code, _, err = run_cli(["screen", str(_space(tmp_path)), "--samples", "10"], capsys)
    assert code == 2 and "--uncertainty" in err


def test_the_screening_report_shows_the_top_candidates_under_uncertainty(tmp_path, capsys):
    """Issue 13: the report, not only the CSV, carries p5-p95 and the phase probabilities."""
    import subprocess

    out = tmp_path / "u.pdf"
    argv = ["screen", str(_space(tmp_path)), "-o", str(out), "--top", "3", "--uncertainty"]
    code, _, err = run_cli([*argv, "--samples", "400"], capsys)
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Under uncertainty" in flat and "P(phase 1)" in flat and "400 samples each" in flat
    assert "Under uncertainty the surest of the top candidates is #" in flat
    plain = tmp_path / "plain.pdf"
    code, _, _ = run_cli(["screen", str(_space(tmp_path)), "-o", str(plain), "--top", "3"], capsys)
    plain_text = subprocess.run(["pdftotext", str(plain), "-"], capture_output=True, text=True)
    assert code == 0 and "P(phase 1)" not in plain_text.stdout
