"""The program (`decide`, `python -m decide`) leaves at once after its work, and loses nothing.

`decide.cli.run` skips the interpreter's orderly shutdown (collecting a report's few hundred
thousand cyclic objects cost a quarter of a second). These run the real program in a subprocess:
what it wrote to a pipe arrives whole, exit codes are the contract's, files are complete.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT


def _program(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DECIDE_")}
    env.update(DECIDE_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "decide", *args], env=env, capture_output=True, timeout=120
    )


def test_a_large_output_on_a_pipe_arrives_whole(tmp_path) -> None:
    done = _program(["kb", "export", "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert len(done.stdout) > 100_000  # far beyond any stdio buffer
    graph = json.loads(done.stdout)
    assert graph["nodes"] and graph["links"]


def test_exit_codes_survive_the_quick_exit(tmp_path) -> None:
    halide = EXAMPLES / "wang2022-halide-li40.yaml"  # an error finding: exit 1
    assert _program(["check", str(halide)], tmp_path).returncode == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ncathode: [\n", encoding="utf-8")
    failed = _program(["check", str(bad)], tmp_path)
    assert failed.returncode == 2
    assert failed.stderr.decode().startswith("decide: error:") and not failed.stdout


def test_a_review_pdf_is_complete_and_its_message_printed(tmp_path) -> None:
    out = tmp_path / "r.pdf"
    done = _program(
        ["review", str(EXAMPLES / "liquid-nmc811-graphite.yaml"), "-o", str(out)], tmp_path
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"wrote" in done.stdout + done.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".r.pdf")]
