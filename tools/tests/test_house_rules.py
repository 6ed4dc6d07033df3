"""Each house rule catches a planted violation, names its file and line, and says how to fix
it; the code that follows the rules passes."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from tools.house_rules import check_source, layer_of, main


def _rules(source: str, path: str) -> list[tuple[str, int]]:
    return [(v.rule, v.line) for v in check_source(source, PurePosixPath(path))]


def test_vh1_no_orm_in_views_forms_or_template_tags():
    view = "from x import Place\n\ndef page(request):\n    return Place.objects.all()\n"
    assert _rules(view, "vigil/places/views.py") == [("VH1", 4)]
    form = "def choices(qs):\n    return qs.filter(kind=1).order_by('name')\n"
    assert _rules(form, "vigil/people/forms/cases.py") == [("VH1", 2), ("VH1", 2)]
    tag = "def tag(place):\n    return place.visits.select_related('x')\n"
    assert _rules(tag, "vigil/risk/templatetags/risk.py") == [("VH1", 2)]
    assert _rules(view, "vigil/places/selectors.py") == []


def test_vh2_no_tenant_filter_outside_the_access_layer():
    source = (
        "def read(actor):\n"
        "    a = Place.objects.filter(institution_id=actor.institution_id)\n"
        "    b = Q(institution__isnull=True) | Q(place__institution=actor.institution)\n"
    )
    assert _rules(source, "vigil/places/selectors.py") == [("VH2", 2), ("VH2", 3), ("VH2", 3)]
    create = "def add(actor):\n    return Place.objects.create(institution=actor.institution)\n"
    assert _rules(create, "vigil/places/services.py") == []  # naming the owner is no filter
    assert _rules(source, "vigil/places/access.py") == []
    assert _rules(source, "vigil/core/tenancy.py") == []
    assert _rules(source, "vigil/places/tests/test_x.py") == []


def test_vh3_no_model_write_outside_services():
    source = (
        "def act(place, form, book, counts):\n"
        "    place.save(update_fields=['name'])\n"
        "    Place.objects.create(name='x')\n"
        "    Place.objects.filter(pk=1).update(name='y')\n"
        "    book.save(buffer)\n"
        "    counts.update(other)\n"
    )
    found = _rules(source, "vigil/places/views.py")
    assert [r for r in found if r[0] == "VH3"] == [("VH3", 2), ("VH3", 3), ("VH3", 4)]
    assert [r for r in _rules(source, "vigil/places/services.py") if r[0] == "VH3"] == []
    assert [r for r in _rules(source, "vigil/people/services/cases.py") if r[0] == "VH3"] == []
    assert _rules(source, "vigil/places/migrations/0002_x.py") == []


def test_vh4_apps_import_only_downwards():
    source = "from vigil.programmes.models import Programme\nfrom vigil.places import x\n"
    assert _rules(source, "vigil/risk/demo.py") == [("VH4", 1)]
    assert _rules(source, "vigil/programmes/hooks.py") == []
    assert _rules("import vigil.risk.scoring\n", "vigil/visits/report.py") == [("VH4", 1)]


def test_every_message_names_the_place_and_how_to_fix_it():
    [violation] = check_source(
        "def v(actor):\n    return Visit.objects.filter(institution=actor.institution)\n",
        PurePosixPath("vigil/visits/services.py"),
    )
    text = str(violation)
    assert text.startswith("vigil/visits/services.py:2: VH2 ")
    assert "fix: use Model.objects.for_actor(actor)" in text


@pytest.mark.parametrize(
    ("path", "layer"),
    [
        ("vigil/people/views/cases.py", "views"),
        ("vigil/recommendations/matrix_views.py", "views"),
        ("vigil/people/forms/cases.py", "forms"),
        ("vigil/core/services/records.py", "services"),
        ("vigil/visits/services.py", "services"),
        ("vigil/people/access.py", "access"),
        ("vigil/places/demo/builder.py", "loaders"),
        ("vigil/visits/tests/test_a.py", "exempt"),
        ("vigil/risk/scoring.py", "other"),
    ],
)
def test_layers_follow_where_a_module_stands(path, layer):
    assert layer_of(PurePosixPath(path)) == layer


def test_the_whole_project_follows_the_house_rules(capsys):
    """What `make lint` runs: every module of vigil/ passes every rule."""
    root = Path(__file__).resolve().parents[2]
    cwd = Path.cwd()
    os.chdir(root)
    try:
        problems = main(["vigil"])
    finally:
        os.chdir(cwd)
    assert problems == 0, capsys.readouterr().out
