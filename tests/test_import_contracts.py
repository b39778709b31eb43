"""What importing a part of the package costs, checked in a fresh interpreter; and that private names stay private.

The job store, review, export and events read and write records: they must not load a provider SDK (openai,
instructor), and importing the batch package must not import its runners, which drive a model.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "extractor"
SDKS = ("openai", "instructor")
RUNNERS = ("extractor.batch.many", "extractor.batch.runner", "extractor.batch.provider", "extractor.batch.ray_job")

# Private names other branches of issue 20 are making public (decomposed/ reads candidates' patterns). An entry
# that no longer matches an import fails the test below, so the list only shrinks: delete it once fixed.


def loaded_after_import(module: str, watched: tuple[str, ...]) -> list[str]:
    code = f"import sys, {module}; print(','.join(m for m in {watched!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [name for name in result.stdout.strip().split(",") if name]


@pytest.mark.parametrize(
    "module",
    [
        "extractor.store",
        "extractor.review",
        "extractor.export",
        "extractor.events",
        "extractor.events_io",
        "extractor.batch",
    ],
)
def test_importing_loads_no_provider_sdk(module):
    assert loaded_after_import(module, SDKS) == []


def test_the_batch_package_imports_its_runners_on_first_use():
    assert loaded_after_import("extractor.batch", RUNNERS) == []
    code = (
        "import sys, extractor.batch as b; job = b.ProviderBatchJob; "
        "print(job.__module__, b.extract_many.__module__, 'extractor.batch.ray_job' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["extractor.batch.provider.job", "extractor.batch.many", "False"]


def private_imports() -> set[tuple[str, str, str]]:
    """(file under extractor/, module, name) for every ``from extractor... import _name`` or import of a private
    module: a name used by another module is public, and named so."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        parts = ["extractor", *relative.with_suffix("").parts]
        package = parts[:-1]  # the package a relative import starts from (for __init__.py, the package itself)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package[: len(package) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.Import):
                module, names = "", [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                target = f"{module}.{name}" if module else name
                if not target.startswith("extractor."):
                    continue
                if any(part.startswith("_") and not part.startswith("__") for part in target.split(".")):
                    found.add((relative.as_posix(), module or target, name))
    return found


def test_no_module_imports_a_private_name_of_another():
    assert private_imports() == set(), "import a public name (rename the private one where it is shared)"


def test_the_private_import_check_sees_relative_and_absolute_imports(tmp_path, monkeypatch):
    """The check itself can fail: a package with one of each kind of offence is caught."""
    fake = tmp_path / "extractor"
    (fake / "sub").mkdir(parents=True)
    (fake / "__init__.py").write_text("from ._hidden import thing\n")
    (fake / "sub" / "__init__.py").write_text("")
    (fake / "sub" / "a.py").write_text("from ..store import _transaction\nfrom extractor.sub.b import public\n")
    (fake / "sub" / "b.py").write_text("def f():\n    from .a import _helper\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert private_imports() == {
        ("__init__.py", "extractor._hidden", "thing"),
        ("sub/a.py", "extractor.store", "_transaction"),
        ("sub/b.py", "extractor.sub.a", "_helper"),
    }
