"""The one-way rule of docs/architecture.md: a layer imports only the layers below it.

Every `import` in the package counts, function-level ones included (lazy imports are still
dependencies); `decide/__init__.py` is the public face over all layers and is exempt.
"""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

# Lowest first. A module of layer k may import layers 0..k.
LAYERS = (
    "base",
    "kb",
    "design",
    "cell",
    "phase",
    "rules",
    "assessment",
    "screening",
    "report",
    "cli",
)
BASE = {
    "vocab",
    "errors",
    "yamlio",
    "suggest",
    "paths",
    "atomic",
    "models",
    "validation",
    "units",
    "textfile",
    "cachestore",
}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) == 1:
        return None  # the public API facade
    top = parts[1]
    if top in BASE:
        return "base"
    if top in ("assessment", "checking", "outlook", "uncertainty", "scenarios"):
        return "assessment"
    if top == "__main__":
        return "cli"
    return top


def imports() -> list[tuple[str, str]]:
    found = []
    for path in (ROOT / "decide").rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            found += [(module, n) for n in names if n == "decide" or n.startswith("decide.")]
    return found


def test_every_module_belongs_to_a_layer() -> None:
    for module, target in imports():
        for name in (module, target):
            layer = layer_of(name)
            assert layer is None or layer in LAYERS, name


def test_imports_run_one_way() -> None:
    upward = [
        f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
        for module, target in imports()
        if layer_of(module) is not None
        and layer_of(target) is not None
        and LAYERS.index(layer_of(target)) > LAYERS.index(layer_of(module))  # type: ignore[arg-type]
    ]
    assert upward == []


def test_importing_the_library_is_cheap() -> None:
    """`import decide` and `decide --help` load none of the heavy libraries."""
    code = (
        "import sys, decide, decide.cli; "
        "heavy = {'pydantic', 'numpy', 'networkx', 'weasyprint', 'matplotlib', 'pint'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_public_api_is_documented() -> None:
    import decide

    text = subprocess.run(
        [sys.executable, "-c", "import decide; help(decide)"],
        capture_output=True,
        text=True,
        check=True,
        env={"PAGER": "cat", "TERM": "dumb", "PATH": ""},
    ).stdout
    for name in decide.__all__:
        if name != "__version__":
            assert name in text, name
            assert getattr(decide, name).__doc__, name
    assert (ROOT / "decide" / "py.typed").is_file()
