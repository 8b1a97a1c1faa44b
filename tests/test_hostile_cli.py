# ruff: noqa: E501 -- the table reads best one case per line
"""A table of hostile inputs run through the real `decide` command (issue 16).

Each case builds its files in a fresh folder, runs `decide` in a subprocess with a time bound and
checks what the contract promises: exit code 2 with one message naming what is wrong (or 0 where
the input is valid), no traceback, no raw terminal escape on stderr, nothing left behind in the
folder, and no planted code run. The subprocess is the time bound: a unit string once made pint
compute 9**(9**9), which no in-process timeout can interrupt.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

TIMEOUT_S = 30  # per case; every case takes about a second, a hang takes forever
DESIGN = (EXAMPLES / "sulfide-nmc811-li20.yaml").read_text()
MARKER = "PLANTED-CODE-RAN"


@dataclass(frozen=True)
class Case:
    """Files to make, the command line, and what must come back."""

    id: str
    setup: Callable[[Path], list[str]]  # builds the case's files in a folder; returns the argv
    code: int = 2
    says: str = ""  # a fragment of the one message
    outputs: tuple[str, ...] = ()  # files the command may write (valid cases)


def design(text: str = DESIGN, **replace: str) -> str:
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def thickness(value: str) -> str:
    """The example design with the separator thickness written as `value`."""
    return design(DESIGN, **{"  thickness_um: 30\n": f"  thickness_um: {value}\n"})


def files(mapping: dict[str, str | bytes], argv: list[str]) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        for name, content in mapping.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return argv

    return setup


def metrics(text: str | bytes) -> Callable[[Path], list[str]]:
    return files({"d.yaml": text}, ["metrics", "d.yaml"])


def fifo(name: str, argv: list[str]) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(folder / name)
        return argv

    return setup


def sparse(name: str, size: int, argv: list[str]) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        with open(folder / name, "wb") as handle:
            handle.truncate(size)
        return argv

    return setup


def folder_named(name: str, argv: list[str]) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / name).mkdir(parents=True)
        return argv

    return setup


def space(body: str, argv_tail: tuple[str, ...] = ()) -> Callable[[Path], list[str]]:
    return files(
        {"designs/base.yaml": DESIGN, "s.yaml": f"id: s\nbase: designs/base.yaml\n{body}"},
        ["screen", "s.yaml", *argv_tail],
    )


RULE = """\
- code: ZZZ001
  name: zz-rule
  title: A hostile test rule
  category: energy
  severity: warning
  subjects: [anode.material]
  when: {field: metrics.cell_specific_energy_wh_per_kg, op: gt, value: 1}
  evidence: {energy: {field: metrics.cell_specific_energy_wh_per_kg}}
  message: MESSAGE
  remediation: Do something else.
  rationale: Because it is a good test of hostile input handling.
  sources: [seed-article]
  tests: {fires: [{}], passes: [{}]}
"""


def rules(message: str, command: str = "check") -> Callable[[Path], list[str]]:
    argv = ["--rules", "r", "check", str(EXAMPLES / "sulfide-nmc811-li20.yaml")]
    if command == "test":
        argv = ["--rules", "r", "rules", "test"]
    return files({"r/pack.yaml": RULE.replace("MESSAGE", message)}, argv)


MATERIAL = """\
- id: my-sulfide
  name: My sulfide
  roles: [solid-electrolyte]
  family: [argyrodite]
  source: [seed-article]
  properties:
    ionic_conductivity_ms_cm: {value: 6.0, source: [seed-article]}
"""


def overlay(name: str, text: str) -> Callable[[Path], list[str]]:
    return files({f"k/{name}": text}, ["--knowledge", "k", "kb", "list", "--kind", "family"])


def family_chain(n: int, cycle: bool = False) -> str:
    """Families f0 <- f1 <- ... <- f(n-1), each the parent of the next; `cycle` closes the loop."""
    first = f", parent: f{n - 1}" if cycle else ""
    rows = [f"- {{id: f0, name: F0, source: [seed-article]{first}}}"]
    rows += [
        f"- {{id: f{i}, name: F{i}, parent: f{i - 1}, source: [seed-article]}}" for i in range(1, n)
    ]
    return "\n".join(rows) + "\n"


CHECK = ["check", str(EXAMPLES / "sulfide-nmc811-li20.yaml")]
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)

CASES = [
    # --- 6: input files: type and size checked before reading -----------------------------------
    Case("design-fifo", fifo("d.yaml", ["metrics", "d.yaml"]), says="not a regular file (a named pipe)"),
    Case("design-dev-zero", lambda f: ["metrics", "/dev/zero"], says="not a regular file (a device)"),
    Case("design-folder", folder_named("d.yaml", ["metrics", "d.yaml"]), says="is a folder"),
    Case("design-11-mb", sparse("d.yaml", 11 * 2**20, ["metrics", "d.yaml"]), says="more than 10.0 MB"),
    Case("design-not-utf8", metrics(b"id: \xff\xfe\n"), says="is not UTF-8 text"),
    Case("design-nul-bytes", metrics(b"id: a\x00b\n"), says="malformed YAML"),
    Case("design-empty", metrics(""), says="expected a mapping"),
    Case("design-missing", lambda f: ["metrics", "nope.yaml"], says="file not found"),
    # --- 6: YAML tags, merge keys, huge integers -------------------------------------------------
    Case("tag-int-abc", metrics(thickness("!!int abc")), says="'abc' is not a valid int"),
    Case(
        "tag-python-apply",
        metrics(thickness(f"!!python/object/apply:os.system ['touch {MARKER}']")),
        says="is not allowed",
    ),
    Case("tag-on-key", metrics(DESIGN + "? !!python/name:os.system\n: 1\n"), says="is not allowed"),
    Case("merge-key", metrics("x: &x {a: 1}\n" + DESIGN.replace("cell:\n", "cell:\n  <<: *x\n")), says="merge keys"),
    Case("integer-5000-digits", metrics(thickness("9" * 5000)), says="at most 100"),
    Case("alias-bomb", metrics(BOMB), says="alias bomb"),
    Case("nesting-5000", metrics("a: " + "[" * 5000 + "]" * 5000), says="nesting"),
    # --- 7: control characters never reach the terminal ------------------------------------------
    Case("ansi-key", metrics(DESIGN + '"\\e[2J\\e[31mRED": 1\n'), says="control character \\x1b"),
    Case("ansi-file-name", lambda f: ["metrics", "\x1b[2J\x1b[31mx.yaml"], says="\\x1b[2J"),
    Case("ansi-command", lambda f: ["\x1b[2Jmetrics"], says="No such command"),
    Case("bidi-value", metrics(design(**{"name: NMC811 / Li6PS5Cl / 20 um Li": 'name: "\\u202eNMC811"'})), says="\\u202e"),
    # --- 2: unit strings parsed by a grammar before pint -----------------------------------------
    Case("unit-power-tower", metrics(thickness('"30 um^9^9^9"')), says="separator.thickness_um"),
    Case("unit-5000-letters", metrics(thickness('"30 ' + "a" * 5000 + '"')), says="characters of text"),
    Case("unit-100k-name", metrics(thickness('"30 ' + "a" * 100_000 + '"')), says="too long"),
    Case("unit-60kb-value", metrics(thickness('"' + "1" * 60_000 + ' um"')), says="too long"),
    Case("unit-unknown", metrics(thickness('"30 blorbs"')), says="unknown unit 'blorbs'"),
    Case("unit-wrong-dimension", metrics(thickness('"30 kg"')), says="wrong dimension"),
    Case(
        "unit-in-override",
        metrics(DESIGN.replace("  porosity_pct: 10\n", '  porosity_pct: 10\n  specific_capacity_mah_g: "200 mAh/g^9^9^9"\n')),
        says="cathode.specific_capacity_mah_g",
    ),
    Case("unit-in-space", space('vary:\n  separator.thickness_um: ["30 um^9^9^9"]\n'), says="is not a unit"),
    Case("unit-valid", metrics(thickness('"0.03 mm"')), code=0),
    # --- 7: names are titles ---------------------------------------------------------------------
    Case("design-name-5000", metrics(design(**{"name: NMC811 / Li6PS5Cl / 20 um Li": "name: " + "x" * 5000})), says="at most 200"),
    Case("space-name-5000", space("name: " + "y" * 5000 + "\nvary:\n  separator.thickness_um: [20]\n"), says="at most 200"),
    # --- 7: a space's base stays in its folder ---------------------------------------------------
    Case("base-absolute", files({"s.yaml": "id: s\nbase: /etc/passwd\nvary: {x: [1]}\n"}, ["screen", "s.yaml"]), says="space file's folder"),
    Case("base-parent", files({"s/s.yaml": "id: s\nbase: ../d.yaml\nvary: {x: [1]}\n", "d.yaml": DESIGN}, ["screen", "s/s.yaml"]), says="space file's folder"),
    Case("base-not-yaml", files({"s.yaml": "id: s\nbase: notes.txt\nvary: {x: [1]}\n", "notes.txt": DESIGN}, ["screen", "s.yaml"]), says="ending .yaml or .yml"),
    Case("base-name-too-long", files({"s.yaml": "id: s\nbase: " + "x" * 5000 + ".yaml\nvary: {x: [1]}\n"}, ["screen", "s.yaml"]), says="expected the path of a design file"),
    Case("base-valid", space("vary:\n  separator.thickness_um: [20, 30]\n"), code=0),
    # --- 7: the output location is checked before the work ---------------------------------------
    Case("review-missing-folder", files({"d.yaml": thickness("!!int abc")}, ["review", "d.yaml", "-o", "no/r.html"]), says="the folder no does not exist"),
    Case("screen-missing-folder", space("vary: 5\n", ("-o", "no/s.csv")), says="the folder no does not exist"),
    Case("brief-missing-folder", files({"k/materials/bad.yaml": "- !!int x\n"}, ["--knowledge", "k", "brief", "-o", "no/b.html"]), says="the folder no does not exist"),
    Case("export-missing-folder", files({"k/materials/bad.yaml": "- !!int x\n"}, ["--knowledge", "k", "kb", "export", "-o", "no/g.json"]), says="the folder no does not exist"),
    Case("export-onto-folder", folder_named("out", ["kb", "export", "-o", "out"]), says="is a directory"),
    Case("export-read-only", lambda f: ["kb", "export", "-o", "/sys/g.json"], says="cannot be written"),
    # --- 6: rule packs -----------------------------------------------------------------------------
    Case("rule-width-1.5e9", rules('"energy {energy:>1500000000}"'), says="format spec"),
    Case("rule-width-rules-test", rules('"energy {energy:>1500000000}"', "test"), says="format spec"),
    Case("rule-float-spec", rules('"energy {energy:.2f}"'), says="format spec"),
    Case("rule-attribute", rules('"energy {energy.real}"'), says="plain evidence name"),
    Case("rule-when-number", files({"r/p.yaml": RULE.replace("MESSAGE", "energy {energy}").replace("when: {field: metrics.cell_specific_energy_wh_per_kg, op: gt, value: 1}", "when: 5")}, ["--rules", "r", *CHECK]), says="[0].when: a condition must be a non-empty mapping"),
    Case("rule-folder-named-yaml", folder_named("r/p.yaml", ["--rules", "r", *CHECK]), says="is a folder"),
    Case("rule-fifo", fifo("r/p.yaml", ["--rules", "r", *CHECK]), says="named pipe"),
    Case("rule-tag", files({"r/p.yaml": "- !!python/object/apply:os.system ['touch " + MARKER + "']\n"}, ["--rules", "r", *CHECK]), says="is not allowed"),
    # --- 6: decide.toml -------------------------------------------------------------------------
    Case("toml-not-utf8", files({"decide.toml": b"[severity]\nENE001 = \"\xff\"\n"}, CHECK), says="not UTF-8"),
    Case("toml-severity-number", files({"decide.toml": "severity = 3\n"}, CHECK), says="severity"),
    Case("toml-level-list", files({"decide.toml": "[severity]\nENE001 = [1]\n"}, CHECK), says="severity.ENE001"),
    Case("toml-5000-digits", files({"decide.toml": "x = " + "9" * 5000 + "\n"}, CHECK), says="malformed TOML"),
    Case("toml-deep-arrays", files({"decide.toml": "x = " + "[" * 5000 + "]" * 5000 + "\n"}, CHECK), says="malformed TOML"),
    Case("pyproject-tool-decide-number", files({"pyproject.toml": "[tool]\ndecide = 1\n"}, CHECK), says="tool.decide"),
    # --- 6: knowledge overlays ------------------------------------------------------------------
    Case("kb-folder-named-yaml", folder_named("k/materials/x.yaml", ["--knowledge", "k", "kb", "check"]), says="is a folder"),
    Case("kb-fifo", fifo("k/materials/x.yaml", ["--knowledge", "k", "kb", "check"]), says="named pipe"),
    Case("kb-family-cycle", overlay("families/f.yaml", family_chain(3, cycle=True)), says="family cycle"),
    Case("kb-family-chain-3000", overlay("families/f.yaml", family_chain(3000)), says="deeper than 16"),
    Case("kb-tag", overlay("materials/m.yaml", MATERIAL.replace("name: My sulfide", "name: !!python/name:os.system")), says="is not allowed"),
    Case("kb-overlay-valid", overlay("materials/m.yaml", MATERIAL), code=0),
]  # fmt: skip


def run(argv: list[str], folder: Path, env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "decide", *argv],
        cwd=folder,
        env=env,
        capture_output=True,
        timeout=TIMEOUT_S,
        **kw,
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    """The environment of every case: a private home and cache (warmed once)."""
    home = tmp_path_factory.mktemp("home")
    out = {k: v for k, v in os.environ.items() if not k.startswith(("DECIDE_", "XDG_"))}
    out.update(HOME=str(home), DECIDE_CACHE_DIR=str(home / "cache"), PYTHONPATH=str(ROOT))
    return out


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_input(case: Case, tmp_path: Path, env: dict[str, str]) -> None:
    argv = case.setup(tmp_path)
    before = _listing(tmp_path)
    result = run(argv, tmp_path, env)
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == case.code, err
    assert "Traceback" not in err and b"\x1b" not in result.stderr, err
    if case.code == 2:
        assert err.count("decide: error:") + err.count("Error:") == 1, err
        assert case.says in err, err
    assert not (tmp_path / MARKER).exists(), "planted code ran"
    assert _listing(tmp_path) - before <= set(case.outputs), "left files behind"
