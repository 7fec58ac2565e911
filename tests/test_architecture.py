"""The house rules of issue 13, read from the source with `ast` (no database, no imports of the code under test).

Every allowlist below records today's offenders so the rules hold for new code at once; each must shrink to empty.
A test fails when an allowlisted item no longer offends, so the lists cannot go stale: delete the line then.

Which imports count:
- for cycles, module-level imports only (class bodies and `try`/`if` blocks at the top count; imports under
  `if TYPE_CHECKING:` do not, as they never run). An import inside a function is how a Celery task defers its
  service and how an AppConfig wires its signals; it runs after every module has loaded, so it cannot make an
  import cycle;
- for the layering rules (views, insights, core), every import, including those inside functions: deferring an
  import does not remove the dependency.
"""

import ast
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "insights", "attribution", "education", "core", "config")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# Modules (path) and functions (path:qualified name) over the limits today. Must shrink to empty.
KNOWN_OVER_LIMIT: set[str] = set()

# Import cycles today, each as the sorted tuple of its modules. Must shrink to empty.
KNOWN_CYCLES: set[tuple[str, ...]] = set()

# (importer, imported views module) outside views/urls today. Must shrink to empty.
KNOWN_VIEWS_IMPORTS: set[tuple[str, str]] = set()

# Modules in config/ beyond settings, urls, celery, wsgi and asgi today, waiting to move. Must shrink to empty.
KNOWN_CONFIG_EXTRAS: set[str] = set()

# (importer, imported) that break the floors today: insights below attribution and education, core below all.
KNOWN_LAYER_BREACHES: set[tuple[str, str]] = set()

# Test files (path) that test no one module, each with why. Must stay short; every other test file is named for
# the module it tests (see `_unplaced_tests`).
KNOWN_UNPLACED_TESTS: set[str] = {
    "tests/attribution/test_journey_browser.py",  # one journey across insights, sign-offs and the ledger pages
    "tests/config/test_docker_compose.py",  # reads docker-compose.yml at the repository root, not a module
    "tests/config/test_dockerfile.py",  # builds and serves static files as the Dockerfile does, not a module
}

CONFIG_MODULES = {"__init__.py", "settings", "urls.py", "celery.py", "wsgi.py", "asgi.py"}
FLOORS = {  # app -> project apps it must never import
    "insights": {"attribution", "education"},
    # core shares the ground floor with accounts: notifications and webhooks address users and departments.
    "core": {"insights", "attribution", "education", "config"},
}


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    top_imports: set[str] = field(default_factory=set)  # project modules imported at module level
    all_imports: set[str] = field(default_factory=set)  # ... and inside functions

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _app_files() -> list[Path]:
    files = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT).parts
            if "migrations" in rel or "tests" in rel:
                continue
            files.append(path)
    return files


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST, in_function: bool = False):
    """Yield (import node, inside a function) for every import under `node`, skipping TYPE_CHECKING blocks."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function
        inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from _imports(child, inner)


def _resolve(module: Module, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The project modules an import statement names (a `from package import module` names the module)."""
    if isinstance(node, ast.Import):
        targets = {alias.name for alias in node.names}
    else:
        base = node.module or ""
        if node.level:
            package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base] if base else package)
        targets = set()
        for alias in node.names:
            candidate = f"{base}.{alias.name}"
            targets.add(candidate if candidate in known else base)
    resolved = set()
    for target in targets:
        while target and target not in known:  # `import a.b.c` of a name inside a.b still depends on a.b
            target = target.rpartition(".")[0]
        if target and target != module.name:
            resolved.add(target)
    return resolved


@cache
def project() -> dict[str, Module]:
    modules = {}
    for path in _app_files():
        name = _module_name(path)
        modules[name] = Module(name=name, path=path, tree=ast.parse(path.read_text(), filename=str(path)))
    known = set(modules)
    for module in modules.values():
        for node, in_function in _imports(module.tree):
            targets = _resolve(module, node, known)
            module.all_imports |= targets
            if not in_function:
                module.top_imports |= targets
    return modules


def _functions(tree: ast.AST, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            qualname = f"{prefix}{node.name}"
            yield qualname, node.end_lineno - node.lineno + 1
            yield from _functions(node, f"{qualname}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, prefix)


def _over_limit() -> set[str]:
    found = set()
    for module in project().values():
        if len(module.path.read_text().splitlines()) > MAX_MODULE_LINES:
            found.add(module.rel)
        found |= {f"{module.rel}:{name}" for name, lines in _functions(module.tree) if lines > MAX_FUNCTION_LINES}
    return found


def _cycles() -> set[tuple[str, ...]]:
    """Strongly connected components of the module-level import graph with more than one module (Tarjan)."""
    graph = {name: sorted(m.top_imports) for name, m in project().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = set()

    def visit(start: str) -> None:
        # iterative, so a long import chain cannot exhaust Python's recursion limit
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.add(tuple(sorted(component)))

    for name in graph:
        if name not in index:
            visit(name)
    return found


def _is_views(name: str) -> bool:
    return "views" in name.split(".")


def _views_imports() -> set[tuple[str, str]]:
    found = set()
    for module in project().values():
        if _is_views(module.name) or module.name.rpartition(".")[2].endswith("urls"):
            continue
        found |= {(module.name, target) for target in module.all_imports if _is_views(target)}
    return found


def _config_extras() -> set[str]:
    return {
        path.name
        for path in (ROOT / "config").iterdir()
        if path.name != "__pycache__" and path.name not in CONFIG_MODULES
    }


def _layer_breaches() -> set[tuple[str, str]]:
    found = set()
    for module in project().values():
        forbidden = FLOORS.get(module.name.split(".")[0], set())
        found |= {(module.name, t) for t in module.all_imports if t.split(".")[0] in forbidden}
    return found


def _tested_module(test: Path) -> Path | None:
    """The code module or package `tests/<app>/<layer...>/test_<name>.py` names, or None.

    `<name>` may be the module's name followed by `_<behaviour>` (two files for one module, or a package's module:
    `tests/attribution/services/test_ledger_outcomes.py` for `attribution/services/ledger/outcomes.py`), and a
    browser test ends in `_browser`. Tests of a management command live in `tests/<app>/management/`.
    """
    app, *layers = test.parent.relative_to(ROOT / "tests").parts
    if layers[:1] == ["management"]:
        layers.insert(1, "commands")
    base = ROOT.joinpath(app, *layers)
    words = test.stem.removeprefix("test_").removesuffix("_browser").split("_")
    for length in range(len(words), 0, -1):
        name = "_".join(words[:length])
        for candidate in (base / f"{name}.py", base / name / "__init__.py"):
            if candidate.is_file():
                return candidate
    return None


def _unplaced_tests() -> set[str]:
    found = set()
    for test in sorted((ROOT / "tests").glob("*/**/test_*.py")):
        rel = test.relative_to(ROOT)
        if rel.parts[1] not in APPS or _tested_module(test) is None:
            found.add(rel.as_posix())
    return found


def _check(found: set, known: set, what: str) -> None:
    new, fixed = sorted(found - known), sorted(known - found)
    assert not new, f"{what}: {new}"
    assert not fixed, f"no longer {what}, delete from the allowlist: {fixed}"


def test_the_import_graph_sees_the_project():
    modules = project()
    assert "accounts.policy" in modules
    assert "accounts.models" in modules["accounts.policy"].top_imports


def test_no_module_or_function_is_over_the_limits():
    limits = f"over {MAX_MODULE_LINES} lines a module or {MAX_FUNCTION_LINES} a function"
    _check(_over_limit(), KNOWN_OVER_LIMIT, limits)


def test_no_import_cycle_between_modules():
    _check(_cycles(), KNOWN_CYCLES, "import cycles")


def test_only_views_and_urls_import_views():
    _check(_views_imports(), KNOWN_VIEWS_IMPORTS, "views imported outside views and urls")


def test_config_holds_only_settings_urls_celery_and_the_servers():
    _check(_config_extras(), KNOWN_CONFIG_EXTRAS, "in config/ beyond settings, urls, celery, wsgi and asgi")


def test_lower_floors_never_import_upper_ones():
    _check(_layer_breaches(), KNOWN_LAYER_BREACHES, "imports of an upper floor")


def test_every_test_file_is_named_for_the_module_it_tests():
    # the rule itself: a package with a behaviour suffix, a command, and a name that matches nothing
    assert _tested_module(ROOT / "tests/attribution/services/test_ledger_outcomes.py") == (
        ROOT / "attribution/services/ledger/__init__.py"
    )
    assert _tested_module(ROOT / "tests/education/management/test_staffing.py") == (
        ROOT / "education/management/commands/staffing.py"
    )
    assert _tested_module(ROOT / "tests/insights/test_contact_everything_browser.py") is None
    _check(_unplaced_tests(), KNOWN_UNPLACED_TESTS, "test files named for no module (test_<module>.py)")


# Modules allowed to hand work to the broker themselves: the queue, and notification retries that need a countdown.
QUEUEING_MODULES = {"core.queue", "core.notifications"}


def _direct_queueing() -> set[tuple[str, int]]:
    """(module, line) of every `.delay()`, `.apply_async()` or `transaction.on_commit()` outside core's queue."""
    found = set()
    for module in project().values():
        if module.name in QUEUEING_MODULES:
            continue
        for node in ast.walk(module.tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"delay", "apply_async", "on_commit"}
            ):
                found.add((module.name, node.lineno))
    return found


def test_work_is_queued_only_through_enqueue_on_commit():
    """One broker-failure policy: `core.queue.enqueue_on_commit` queues after the commit and leaves an outage to the
    sweep; a direct `.delay()` either raises into the request or loses the work."""
    assert _direct_queueing() == set()
