"""mlcore stays plain Python: the web layer imports it, never the other way round."""

import ast
import subprocess
import sys
from pathlib import Path

import mlcore

MLCORE_DIR = Path(mlcore.__file__).resolve().parent
ROOT = MLCORE_DIR.parent


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every absolute import in a module, at any depth of the tree."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_every_mlcore_module_is_checked():
    modules = {path.name for path in MLCORE_DIR.glob("*.py")}
    assert {"schema.py", "dataset.py", "training.py", "artifacts.py", "predict.py"} <= modules
    # The walker sees real imports, so an empty answer below means something.
    assert "sklearn" in imported_modules(MLCORE_DIR / "training.py")
    assert "pandas" in imported_modules(MLCORE_DIR / "dataset.py")


def test_no_mlcore_module_imports_django():
    assert [path.name for path in MLCORE_DIR.rglob("*.py") if "django" in imported_modules(path)] == []


def test_importing_mlcore_does_not_load_django():
    # A fresh interpreter: this one already has Django loaded by pytest-django.
    code = "import sys, mlcore; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
