"""Outputs and the last-resort guard (issue 16, classes 6 and 7).

Output files respect the umask, a disk that fills during the write is exit 2 with nothing left
behind, an exception nobody expected is one line and exit 3, and a report's page footer stays one
line whatever the title (a long name made every page's footer quadratic to lay out).
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from decide.atomic import current_umask, write_atomic


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DECIDE_")}
    env.update(DECIDE_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    return env


@pytest.mark.parametrize("umask, mode", [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_outputs_get_the_mode_the_umask_asks_for(tmp_path, umask, mode) -> None:
    out = tmp_path / "graph.json"
    result = subprocess.run(
        [sys.executable, "-m", "decide", "kb", "export", "-o", str(out)],
        env=_env(tmp_path),
        capture_output=True,
        timeout=60,
        preexec_fn=lambda: os.umask(umask),
    )
    assert result.returncode == 0, result.stderr.decode()
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_the_umask_is_read_without_changing_it() -> None:
    before = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        assert current_umask() == 0o027
    finally:
        os.umask(before)


def _small_file_limit() -> None:
    # Python ignores SIGXFSZ, so a write past the limit fails with EFBIG, like a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_disk_that_fills_during_the_write_is_exit_2_and_leaves_nothing(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    env = _env(tmp_path)
    warm = subprocess.run(  # fill the knowledge cache first: it is written without the limit
        [sys.executable, "-m", "decide", "kb", "list"], env=env, capture_output=True, timeout=60
    )
    assert warm.returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "decide", "kb", "export", "-o", str(out / "graph.json")],
        env=env,
        capture_output=True,
        timeout=60,
        preexec_fn=_small_file_limit,
    )
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "graph.json: cannot be written: the file is too large" in err
    assert "Traceback" not in err
    assert list(out.iterdir()) == []


def test_write_atomic_turns_os_errors_into_output_errors(tmp_path) -> None:
    from decide.errors import OutputError

    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("in the way")
    with pytest.raises(OutputError, match="cannot be written"):
        write_atomic(tmp_path / "taken", "data")  # replacing a non-empty folder with a file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_an_unexpected_exception_is_one_line_and_exit_3(monkeypatch, capsys) -> None:
    import decide.kb.loader

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.delenv("DECIDE_DEBUG", raising=False)
    monkeypatch.setattr(decide.kb.loader, "load_knowledge", broken)
    code, _, err = run_cli(["kb", "list"], capsys)
    assert code == 3
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error: ZeroDivisionError: a bug" in err and "report" in err
    monkeypatch.setenv("DECIDE_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        from decide.cli import main

        main(["kb", "list"])


def test_the_page_footer_is_a_short_copy_of_the_title(tmp_path, kb) -> None:
    """Every page's footer repeats the title. As a copy of a long name that could wrap, WeasyPrint
    measured it line by line on every page, quadratic in its length (a 4,000-character name took
    126 s); it is now the title cut to 90 characters, on one line."""
    from pypdf import PdfReader

    from decide.report.run import write_review

    name = "NMC811-Li6PS5Cl-20umLi-" * 8 + "x" * 8  # 192 characters, a break at every hyphen
    text = (ROOT / "examples" / "designs" / "sulfide-nmc811-li20.yaml").read_text()
    design = tmp_path / "long-name.yaml"
    design.write_text(text.replace("name: NMC811 / Li6PS5Cl / 20 um Li", f"name: {name}"))
    write_review(design, tmp_path / "r.pdf", kb)
    second = PdfReader(tmp_path / "r.pdf").pages[1].extract_text()
    assert "…" in second
    assert "".join(second.split()).count("Li6PS5Cl-20umLi") <= 4  # of the name's 8
