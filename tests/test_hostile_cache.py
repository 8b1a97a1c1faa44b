"""The on-disk caches trust nothing they read back (issue 16, class 1).

The knowledge-base cache is a pickle and the chart cache feeds `<img src>`, so each test plants
what an attacker with write access to a cache folder could plant, runs the real loader or the real
command, and checks that nothing planted was executed or shown, and that the cache recovers.
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from decide import cachestore
from decide.kb import cache
from decide.kb.loader import load_knowledge
from decide.report import chart_cache, charts
from decide.report.parallel_figures import NotData, decode


class Planted:
    """A pickle that creates `path` when it is loaded: the payload of a planted cache file."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DECIDE_CACHE_DIR", str(folder))
    monkeypatch.setenv("DECIDE_CHART_CACHE", "1")
    return folder


def _digest() -> str:
    """The digest the built-in knowledge base is cached under."""
    return load_knowledge(use_cache=False).digest


def _forge(folder: Path, name: str, payload: bytes, key: bytes) -> None:
    """Write an entry exactly as the store would, signed with `key`."""
    (folder / name).write_bytes(cachestore.MAGIC + cachestore._mac(key, name, payload) + payload)


def test_a_planted_pickle_is_never_loaded(cache_home, tmp_path) -> None:
    marker = tmp_path / "ran"
    digest = _digest()
    cache_home.mkdir(mode=0o700)
    payload = pickle.dumps(Planted(marker))
    # the old name and format, and the new name with the right magic but no key to sign it
    (cache_home / f"kb-{digest[:32]}.pickle").write_bytes(payload)
    (cache_home / f"kb-{digest[:32]}.cache").write_bytes(cachestore.MAGIC + b"\0" * 32 + payload)
    kb = load_knowledge()
    assert not marker.exists()
    assert kb.digest == digest and "nmc811" in kb.entries
    assert cache.read(digest).digest == digest  # the planted entry was replaced by a real one


def test_a_cache_folder_others_can_write_is_not_used(cache_home, tmp_path) -> None:
    """With a world-writable folder an attacker knows the key: nothing in it may be trusted."""
    marker = tmp_path / "ran"
    digest = _digest()
    cache_home.mkdir()
    cache_home.chmod(0o777)
    key = b"k" * cachestore.KEY_BYTES
    (cache_home / cachestore.KEY_FILE).write_bytes(key)
    (cache_home / cachestore.KEY_FILE).chmod(0o600)
    _forge(cache_home, f"kb-{digest[:32]}.cache", pickle.dumps(Planted(marker)), key)
    kb = load_knowledge()
    assert not marker.exists() and kb.digest == digest
    assert stat.S_IMODE(cache_home.stat().st_mode) == 0o777  # refused, not chmod-ed


def test_a_key_others_can_read_is_replaced(cache_home, tmp_path) -> None:
    marker = tmp_path / "ran"
    load_knowledge()  # makes the folder and the key
    key_file = cache_home / cachestore.KEY_FILE
    assert stat.S_IMODE(cache_home.stat().st_mode) == 0o700
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key_file.chmod(0o644)  # leaked: anyone could have read it and signed an entry
    digest = _digest()
    _forge(
        cache_home, f"kb-{digest[:32]}.cache", pickle.dumps(Planted(marker)), key_file.read_bytes()
    )
    assert load_knowledge().digest == digest
    assert not marker.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_symlinks_in_the_cache_are_neither_read_nor_written_through(cache_home, tmp_path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    digest = _digest()
    cache_home.mkdir(mode=0o700)
    (cache_home / f"kb-{digest[:32]}.cache").symlink_to(victim)
    kb = load_knowledge()
    assert victim.read_text() == "precious"
    assert not (cache_home / f"kb-{digest[:32]}.cache").is_symlink()  # replaced, not followed
    assert cache.read(digest).digest == kb.digest


def test_a_cache_folder_that_is_a_symlink_is_not_used(tmp_path, monkeypatch) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    (tmp_path / "cache").symlink_to(real)
    monkeypatch.setenv("DECIDE_CACHE_DIR", str(tmp_path / "cache"))
    load_knowledge()
    assert list(real.iterdir()) == []


def test_no_home_means_no_cache_and_no_crash(tmp_path, monkeypatch) -> None:
    for name in ("DECIDE_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cachestore.cache_root() is None
    assert "nmc811" in load_knowledge().entries
    assert cachestore.Store().read("kb-x.cache") is None


def test_home_unset_runs_a_real_command(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    env.update(
        DECIDE_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT), MPLCONFIGDIR=str(tmp_path)
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "decide",
            "metrics",
            str(ROOT / "examples/designs/sulfide-nmc811-li20.yaml"),
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()


# --- charts --------------------------------------------------------------------------------------


def _chart() -> charts.Chart:
    return charts.lines([charts.Line("a", [0, 1, 2], [1.0, 2.0, 4.0])], "x", "y", alt="t")


def test_a_planted_chart_is_not_shown(cache_home) -> None:
    fresh = _chart()
    [entry] = (cache_home / "charts").glob("*.uri")
    entry.write_text("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")
    assert _chart().uri == fresh.uri  # unsigned: ignored, drawn again


def test_a_signed_entry_that_is_not_an_image_is_not_shown(cache_home) -> None:
    """Even with the user's own key (a bug, a leaked key), only an SVG or PNG goes into <img>."""
    fresh = _chart()
    [entry] = (cache_home / "charts").glob("*.uri")
    key = (cache_home / cachestore.KEY_FILE).read_bytes()
    _forge(entry.parent, entry.name, b'data:image/svg+xml,"><script>alert(1)</script>', key)
    assert _chart().uri == fresh.uri


@pytest.mark.parametrize(
    "uri, ok",
    [
        ("data:image/svg+xml;base64,PD94bWwgdmVyc2lvbj0iMS4wIj8+PHN2Zy8+", True),
        ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==", True),
        ("data:image/svg+xml;base64,PGh0bWw+PC9odG1sPg==", False),  # <html></html>
        ("data:text/html;base64,PHN2Zy8+", False),
        ("javascript:alert(1)", False),
        ('data:image/svg+xml;base64,PHN2Zy8+" onerror="x', False),
        ("data:image/png;base64,!!!!", False),
    ],
)
def test_only_svg_and_png_data_uris_are_charts(uri, ok) -> None:
    assert chart_cache.valid_uri(uri) is ok


def test_the_chart_process_sends_data_not_objects() -> None:
    good = _chart()
    assert decode({"$chart": [good.uri, "alt", []]}) == charts.Chart(good.uri, "alt", ())
    for hostile in (
        {"$chart": ["javascript:alert(1)", "alt", []]},
        {"$pickle": "gASV"},
        {"$figure": ["t", "c", {"$tuple": []}, []]},
        {"$chart": [good.uri, "alt"]},
    ):
        with pytest.raises(NotData):
            decode(hostile)
