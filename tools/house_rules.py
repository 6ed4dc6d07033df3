"""Vigil's house rules, checked on the syntax tree (run by `make lint`).

    python -m tools.house_rules [PATH ...]        # default: vigil

Each rule names the file and line, says what is wrong and how to fix it. The rules and
their reasons are in docs/decisions/0013-one-shape.md:

- VH1  no ORM in views, forms or template tags: they call selectors and services;
- VH2  no tenant filter outside the access layer: use `for_actor`, `get_for_actor`,
       `visible_to` (vigil.core.tenancy) or an access function;
- VH3  no model write (`save`, `create`, `delete`, `update`, …) outside services,
       migrations, demo builders and shipped-data loaders;
- VH4  apps import each other in one direction only (APP_ORDER), so there is no cycle;
       an optional link goes through vigil.core.hooks.

Tests, migrations, e2e and bench are outside the rules.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Lower apps never import higher ones: core < places < visits < people < recommendations …
APP_ORDER = ("core", "places", "visits", "people", "recommendations", "risk", "programmes")

QUERY_METHODS = frozenset(
    {
        "filter",
        "exclude",
        "annotate",
        "aggregate",
        "select_related",
        "prefetch_related",
        "values_list",
        "only",
        "defer",
        "extra",
        "raw",
        "order_by",
        "distinct",
        "select_for_update",
        "in_bulk",
        "iterator",
    }
)
WRITE_METHODS = frozenset(
    {
        "save",
        "create",
        "delete",
        "update",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
    }
)
FILTER_CALLS = frozenset({"filter", "exclude", "get", "Q", "get_object_or_404"})
TENANT_LOOKUP = re.compile(r"(^|__)institution(_id)?(__|$)")
# Receivers whose `.save()`, `.update()` or `.delete()` are not the database's.
NOT_MODELS = re.compile(
    r"^(\w+_)?(book|workbook|document|doc|docx|buffer|image|img|upright|photo|pdf|writer|"
    r"storage|default_storage|session|request\.session|cache|headers|context|data|values|"
    r"params|kwargs|details|result|totals|counts|row|fields|changes|mapping|errors|initial|"
    r"settings|attrs|defaults|state|extra|out|output|self\.cleaned_data|cleaned_data)$"
)


# Platform mechanisms that are themselves the write path every service goes through.
WRITE_MECHANISMS = {
    "vigil/core/audit.py": "the audit chain appends its own events and moves its head",
    "vigil/core/jobs.py": "a job's runner records its own status and progress",
    "vigil/core/keys.py": "key rotation re-encrypts stored values in place, in batches",
    "vigil/core/filestore.py": "the file store writes a service's encrypted bytes for it",
}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    rule: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule} {self.message}\n    fix: {self.fix}"


def layer_of(path: PurePosixPath) -> str:
    """The layer a module belongs to, from where it stands in its app."""
    parts = path.parts
    name = path.stem
    if {"tests", "migrations"} & set(parts) or parts[0] in {"e2e", "bench", "tools"}:
        return "exempt"
    if "templatetags" in parts:
        return "templatetags"
    if (
        name == "views"
        or "views" in parts[:-1]
        or name.endswith("_views")
        or name.startswith("views_")
    ):
        return "views"
    if (
        name == "forms"
        or "forms" in parts[:-1]
        or name.endswith("_forms")
        or name.startswith("forms_")
    ):
        return "forms"
    if name == "services" or "services" in parts[:-1]:
        return "services"
    if name == "access" or "access" in parts[:-1] or parts[-2:] == ("core", "tenancy.py"):
        return "access"
    if name == "demo" or "demo" in parts[:-1] or name == "builtin" or "management" in parts:
        return "loaders"
    if name == "models":
        return "models"
    return "other"


def app_of(path: PurePosixPath) -> str | None:
    parts = path.parts
    if len(parts) > 2 and parts[0] == "vigil" and parts[1] in APP_ORDER:
        return parts[1]
    return None


def _receiver(node: ast.expr) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # an odd node: judge it as unknown
        return ""


class _Checker(ast.NodeVisitor):
    def __init__(self, path: PurePosixPath) -> None:
        self.path = path
        self.layer = layer_of(path)
        self.app = app_of(path)
        self.found: list[Violation] = []

    def _add(self, node: ast.AST, rule: str, message: str, fix: str) -> None:
        self.found.append(Violation(str(self.path), getattr(node, "lineno", 0), rule, message, fix))

    # VH1: ORM in views, forms, template tags
    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self.layer in {"views", "forms", "templatetags"} and node.attr == "objects":
            self._add(
                node,
                "VH1",
                f"`{_receiver(node)}` reaches the database from a {self.layer[:-1]} module",
                "read through a selector (selectors.py) or the access layer, write through a "
                "service; a form's record choices use ScopedModelChoiceField",
            )
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        method = node.func.attr if isinstance(node.func, ast.Attribute) else None
        name = node.func.id if isinstance(node.func, ast.Name) else method
        self._orm_in_presentation(node, method)
        self._tenant_filter(node, name)
        self._write(node, method)
        self.generic_visit(node)

    def _orm_in_presentation(self, node: ast.Call, method: str | None) -> None:
        if self.layer not in {"views", "forms", "templatetags"} or method not in QUERY_METHODS:
            return
        self._add(
            node,
            "VH1",
            f"`.{method}()` builds a query in a {self.layer[:-1]} module",
            "move the query into a selector that takes the filters, and call it",
        )

    # VH2: tenant filters outside the access layer
    def _tenant_filter(self, node: ast.Call, name: str | None) -> None:
        # Models name `institution` in constraints' conditions: schema, not a query.
        if self.layer in {"access", "exempt", "models"} or name not in FILTER_CALLS:
            return
        for keyword in node.keywords:
            if keyword.arg and TENANT_LOOKUP.search(keyword.arg):
                self._add(
                    node,
                    "VH2",
                    f"hand-written tenant filter `{keyword.arg}=` in `{name}()`",
                    "use Model.objects.for_actor(actor) / .get_for_actor(actor, pk), a "
                    "vocabulary's .visible_to(actor) or .shared(), or .for_institution(id) for "
                    "background work (vigil.core.tenancy)",
                )

    # VH3: writes outside services
    def _write(self, node: ast.Call, method: str | None) -> None:
        if self.layer in {"services", "exempt", "loaders"} or method not in WRITE_METHODS:
            return
        if str(self.path) in WRITE_MECHANISMS:
            return
        assert isinstance(node.func, ast.Attribute)
        receiver = _receiver(node.func.value)
        if method in {"save", "update", "delete"} and NOT_MODELS.match(receiver):
            return
        if method == "update" and not node.keywords:
            return  # dict.update(other) / set.update(…): the ORM's update takes keywords
        if method == "create" and not (".objects" in receiver or receiver.endswith("_set")):
            return
        if self.path.parts[-2:] == ("core", "models.py") and method == "save":
            return  # Django's user manager saves the user it creates
        self._add(
            node,
            "VH3",
            f"`{receiver}.{method}()` writes outside a service",
            "call a service (services.py): it checks the capability, writes in a "
            "transaction and records the audit event",
        )

    # VH4: the direction of imports between apps
    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self._import(node, node.module or "")
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._import(node, alias.name)
        self.generic_visit(node)

    def _import(self, node: ast.AST, module: str) -> None:
        parts = module.split(".")
        if self.layer == "exempt" or self.app is None or len(parts) < 2 or parts[0] != "vigil":
            return
        target = parts[1]
        if target not in APP_ORDER or target == self.app:
            return
        if APP_ORDER.index(target) > APP_ORDER.index(self.app):
            self._add(
                node,
                "VH4",
                f"`{self.app}` imports `{module}`, an app above it ({' < '.join(APP_ORDER)})",
                f"let `{target}` plug into `{self.app}` through vigil.core.hooks from its own "
                "hooks.py, or move the shared piece down",
            )


def check_source(source: str, path: PurePosixPath) -> list[Violation]:
    checker = _Checker(path)
    checker.visit(ast.parse(source, filename=str(path)))
    return checker.found


def python_files(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        yield from ([root] if root.is_file() else sorted(root.rglob("*.py")))


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path("vigil")]
    found: list[Violation] = []
    for path in python_files(roots):
        relative = PurePosixPath(path.as_posix())
        found.extend(check_source(path.read_text(encoding="utf-8"), relative))
    for violation in found:
        print(violation)
    counts = {
        rule: sum(1 for v in found if v.rule == rule) for rule in ("VH1", "VH2", "VH3", "VH4")
    }
    summary = ", ".join(f"{rule}: {n}" for rule, n in counts.items())
    print(f"house rules: {len(found)} problem(s) ({summary})" if found else "house rules: ok")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
