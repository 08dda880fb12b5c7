"""No module imports a higher layer (the list lives in docs/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "socialgoals"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
EXEMPT = {"__init__", "_version"}  # the public face re-exports every layer


def top_level_names() -> set[str]:
    names = {p.stem for p in PACKAGE.glob("*.py")}
    names |= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return names


def documented_layers() -> dict[str, int]:
    """Top-level module -> layer number, from the numbered list of architecture.md."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    documented: dict[str, int] = {}
    for number, body in re.findall(
        r"^(\d+)\. (.*?)(?=^\d+\. |^\s*$)", section, re.MULTILINE | re.DOTALL
    ):
        for name in re.findall(r"`([a-z_][a-z0-9_]*)`", body):
            documented.setdefault(name, int(number))
    # A private top-level module (`_cli`) shares the layer of its public name (`cli`).
    found = {
        name: documented.get(name, documented.get(name.lstrip("_"))) for name in top_level_names()
    }
    return {name: layer for name, layer in found.items() if layer is not None}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_top_levels(path: Path, package: list[str] | None = None) -> set[tuple[str, int]]:
    """(top-level socialgoals module, line) for every import in a file.

    ``package`` is the file's package (found from its place under src/ by default).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    if package is None:
        package = module_name(path).split(".")
        if path.name != "__init__.py":
            package = package[:-1]
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package[: len(package) - node.level + 1]
                targets = [".".join([*base, *(node.module.split(".") if node.module else [])])]
            elif node.module:
                targets = [node.module]
            if targets and targets[0] == "socialgoals":
                targets = [f"socialgoals.{alias.name}" for alias in node.names]
        for target in targets:
            parts = target.split(".")
            if parts[0] == "socialgoals" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


def source_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_architecture_lists_the_core_layers() -> None:
    layers = documented_layers()
    assert layers["errors"] == layers["model"] == layers["converters"] == 1
    assert layers["objectives"] == layers["plan"] == 2
    assert layers["planfile"] == 4
    assert layers["testing"] == 6


def test_every_module_has_a_documented_layer() -> None:
    missing = sorted(top_level_names() - set(documented_layers()) - EXEMPT)
    assert not missing, f"add these modules to the layer list of docs/architecture.md: {missing}"


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_of_a_higher_layer(path: Path) -> None:
    layers = documented_layers()
    own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    if own in EXEMPT or own not in layers:
        return  # reported by test_every_module_has_a_documented_layer
    wrong = [
        f"line {line}: imports {name} (layer {layers[name]}) from layer {layers[own]}"
        for name, line in sorted(imported_top_levels(path))
        if name in layers and layers[name] > layers[own]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_relative_and_lazy_imports(tmp_path: Path) -> None:
    probe = tmp_path / "_probe.py"
    probe.write_text(
        "def f():\n    from socialgoals import planfile\n    from ..plan import Plan\n"
        "import socialgoals.kpi._units\n",
        encoding="utf-8",
    )
    found = imported_top_levels(probe, ["socialgoals", "objectives"])
    assert found == {("planfile", 2), ("plan", 3), ("kpi", 4)}
