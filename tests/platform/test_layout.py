"""The layout rules a machine can check (docs/style.md): no project import hidden in a function,
no module past ~400 lines without a reason at its top, every API URL two hops from its service
(urls.py -> a named class in an apis module). `lint-imports` (scripts/test.sh) checks the layers."""
import ast
import inspect
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "media", "dinov3site", "assets", "analysis", "video", "cinematics")
MAX_LINES = 400
REASON = "Longer than"  # a module past MAX_LINES starts its docstring's reason with these words


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _function_imports(tree: ast.Module):
    """(line, module) of every import of a project module inside a function other than ready()."""
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else ["." * node.level + (node.module or "")]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith(".") or name.split(".")[0] in PACKAGES:
                    yield node.lineno, name


def test_no_project_module_is_imported_inside_a_function():
    found = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for path in _modules() for line, name in _function_imports(ast.parse(path.read_text()))]
    assert not found, "Imports hidden in functions (a cycle or a layer broken):\n" + "\n".join(found)


def test_no_module_is_longer_than_the_limit_without_saying_why():
    long = []
    for path in _modules():
        text = path.read_text()
        lines = text.count("\n")
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if lines > MAX_LINES and REASON not in docstring:
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not long, f"Modules past {MAX_LINES} lines with no reason at the top:\n" + "\n".join(long)


def _api_views(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _api_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None)
            yield prefix + str(entry.pattern), view, entry.callback


@pytest.mark.parametrize("route,view,callback", [
    pytest.param(route, view, callback, id=route) for route, view, callback in _api_views(get_resolver().url_patterns)
    if route.startswith("api/v1/") and route != "api/v1/"])
def test_every_api_url_names_a_class_in_an_apis_module(route, view, callback):
    assert view is not None, f"{route} is served by a function or a generated view: {callback!r}"
    module = view.__module__.rsplit(".", 1)[-1]
    assert module.endswith("apis"), f"{route} is served by {view.__module__}.{view.__name__}, not an apis module"
    assert view.__name__.endswith("Api"), f"{route}: {view.__name__} does not follow the <Thing>Api name"
    source = Path(inspect.getsourcefile(view)).read_text()
    assert f"class {view.__name__}(" in source, f"{route}: {view.__name__} is generated, not written out as a class"
