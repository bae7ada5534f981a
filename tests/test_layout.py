"""The tree keeps its architecture: pure layers import nothing above them, no import circle, and
no module or function grows past what one reading holds."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
APPS = ("plenums", "search")
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80
# What each pure layer may import from the project (the standard library and third-party text
# libraries aside); Django, haystack and every layer above are out.
PURE = {
    "plenums.ingest": ("plenums.ingest", "plenums.chinese"),
    "search.engine": ("search.engine",),
}
FRAMEWORKS = ("django", "haystack")


def modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in sorted((REPO / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imported(name: str, path: Path, *, top_level_only: bool) -> set[str]:
    """Dotted names ``path`` imports (relative imports resolved); with ``top_level_only``, only
    those run when the module is imported (not those inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = _outside_functions(tree) if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _outside_functions(node) -> list:
    """Every node run when the module is imported: all but function bodies."""
    found = []
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            found.append(child)
            found += _outside_functions(child)
    return found


@pytest.mark.parametrize("layer", PURE)
def test_pure_layers_import_no_framework_and_nothing_above_them(layer):
    allowed = PURE[layer]
    wrong = []
    for name, path in modules().items():
        if name != layer and not name.startswith(layer + "."):
            continue
        for target in imported(name, path, top_level_only=False):
            top = target.split(".")[0]
            ours = top in APPS
            if top in FRAMEWORKS or (ours and not target.startswith(allowed)):
                wrong.append(f"{name} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_circle():
    """Module-level imports among the apps' modules form no cycle (Tarjan's strongly connected
    components); an import inside a function runs later and cannot deadlock start-up."""
    found = modules()
    graph = {}
    for name, path in found.items():
        targets = set()
        for target in imported(name, path, top_level_only=True):
            # "from plenums.web import links" names the module plenums.web.links
            while target and target not in found:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                targets.add(target)
        graph[name] = targets
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert not cycles, cycles


def test_no_module_or_function_too_long_to_read_at_once():
    long = []
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MAX_MODULE_LINES:
            long.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert not long, "\n".join(long)
