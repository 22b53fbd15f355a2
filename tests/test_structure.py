"""The house's rules, read from the source: no import circles, the layers' nevers, and modules
that fit in 150 lines.

grimp builds the graph of every import in predictor, mlcore and censussite, those inside
functions included (a lazy import that "breaks" a circle only hides it); graphlib finds a
circle in it. Nothing here imports the project: these tests read files.
"""

from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("predictor", "mlcore", "censussite")


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def imports_of(graph, module: str) -> set[str]:
    return set(graph.find_modules_directly_imported_by(module))


def reaches(graph, importer: str, imported: str) -> list[str] | None:
    """A shortest chain of imports from a module of one package (or a module) to a module
    of another, straight or through any others, or None."""
    chains = graph.find_shortest_chains(importer=importer, imported=imported, as_packages=True)
    return min(chains, key=len) if chains else None


def circle(edges: dict[str, set[str]]) -> list[str] | None:
    try:
        TopologicalSorter(edges).prepare()
    except CycleError as error:
        return error.args[1]
    return None


def test_no_module_of_the_project_is_in_an_import_circle(graph):
    found = circle({module: imports_of(graph, module) for module in graph.modules})
    assert found is None, f"import circle: {' -> '.join(found)}"


def test_the_circle_check_finds_a_circle():
    # The check itself must be able to fail: a made-up loop of three modules.
    assert circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) in (
        ["a", "c", "b", "a"],
        ["b", "a", "c", "b"],
        ["c", "b", "a", "c"],
    )


@pytest.mark.parametrize(
    ("importer", "imported", "why"),
    [
        ("predictor.registry", "predictor.monitoring", "the registry loads models; it counts nothing"),
        ("predictor.selectors", "predictor.services", "reads never import the writes"),
        ("predictor.monitoring.selectors", "predictor.services", "reads never import the writes"),
        ("predictor.batch.selectors", "predictor.batch.services", "reads never import the writes"),
        ("predictor.models", "predictor.services", "models hold data, not workflows"),
        ("predictor.models", "predictor.views", "models never reach up to views"),
        ("predictor.services", "predictor.views", "writes never reach up to a transport"),
        ("predictor.services", "predictor.api", "writes never reach up to a transport"),
        ("predictor.batch.processing", "predictor.views", "background work never imports a page"),
        ("predictor.batch.processing", "predictor.batch.views", "background work never imports a page"),
        ("predictor.monitoring", "predictor.views", "staff pages share services and reads, not page modules"),
        ("predictor.monitoring", "predictor.forms", "staff pages share services and reads, not page modules"),
        ("mlcore.report", "mlcore.predict", "the card reads scores, not the predictor"),
    ],
)
def test_a_never_of_the_architecture_holds(graph, importer, imported, why):
    assert importer in graph.modules and imported in graph.modules  # a renamed module fails here, not silently
    chain = reaches(graph, importer, imported)
    assert chain is None, f"{why}: {' -> '.join(chain)}"


def test_the_prometheus_counters_are_a_leaf(graph):
    ours = {m for m in imports_of(graph, "predictor.monitoring.counters") if m.startswith(PACKAGES)}
    assert not ours, f"counters import {sorted(ours)}"


def test_mlcore_imports_nothing_of_the_web(graph):
    for module in graph.modules:
        if module.startswith("mlcore"):
            assert not {m for m in imports_of(graph, module) if m.startswith(("predictor", "censussite"))}, module


def test_predictor_uses_mlcore_through_its_public_face(graph):
    reaching_in = {
        (module, imported)
        for module in graph.modules
        if module.startswith("predictor")
        for imported in imports_of(graph, module)
        if imported.startswith("mlcore.")
    }
    assert not reaching_in, f"predictor imports mlcore's submodules: {sorted(reaching_in)}"


def test_predictor_top_folder_holds_at_most_twenty_modules():
    modules = sorted(path.name for path in (ROOT / "predictor").glob("*.py"))
    assert len(modules) <= 20, modules
    assert (ROOT / "predictor" / "batch").is_dir() and (ROOT / "predictor" / "monitoring").is_dir()


def test_every_module_of_ours_fits_in_150_lines():
    # The size the style guide asks for; migrations are Django's writing, and the seed app's
    # virtualenv is not ours. The guide's lower bound (30) is not held: __init__, apps and urls
    # modules are rightly small.
    folders = (*PACKAGES, "bench", "tests")
    ours = [path for folder in folders for path in (ROOT / folder).rglob("*.py")]
    ours = [path for path in ours if "migrations" not in path.parts and ".venv" not in path.parts]
    long = {str(path.relative_to(ROOT)): n for path in ours if (n := len(path.read_text().splitlines())) > 150}
    assert len(ours) > 250 and not long, long
