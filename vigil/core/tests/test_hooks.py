"""The one extension mechanism: named hooks, ordered, keyed, discovered per app."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from vigil.core import hooks


@pytest.fixture
def scratch(monkeypatch):
    """A hook of its own for one test, so the real registrations stay untouched."""
    name = "test_scratch"
    monkeypatch.setitem(hooks.HOOKS, name, "a hook used by this test only")
    monkeypatch.setitem(hooks._registry, name, [])
    hooks._sorted.cache_clear()
    yield name
    hooks._sorted.cache_clear()


def test_items_come_back_by_order_then_by_registration(scratch):
    for label, order in [("c", 50), ("a", 10), ("b", 50)]:
        hooks.register(scratch, label, order=order)
    assert hooks.get_hooks(scratch) == ["a", "c", "b"]


def test_an_item_comes_after_those_it_names_whatever_its_order(scratch):
    hooks.register(scratch, "risk", key="risk", order=0, after=["people"])
    hooks.register(scratch, "people", key="people", after=["visits"])
    hooks.register(scratch, "visits", key="visits", order=90)
    assert hooks.get_hooks(scratch) == ["visits", "people", "risk"]


def test_naming_an_unknown_predecessor_or_a_cycle_is_refused(scratch):
    hooks.register(scratch, "a", key="a", after=["nobody"])
    with pytest.raises(ImproperlyConfigured, match="nobody"):
        hooks.get_hooks(scratch)
    hooks.unregister(scratch, "a")
    hooks.register(scratch, "x", key="x", after=["y"])
    hooks.register(scratch, "y", key="y", after=["x"])
    with pytest.raises(ImproperlyConfigured, match="cycle"):
        hooks.get_hooks(scratch)


def test_an_unknown_hook_name_is_refused_so_a_typo_cannot_hide_a_panel():
    with pytest.raises(ImproperlyConfigured, match="Unknown hook"):
        hooks.register("place_panle", lambda place, actor: None)


def test_registering_the_same_item_twice_keeps_one_and_keys_are_unique(scratch):
    def provider() -> None: ...

    hooks.register(scratch, provider, key="one")
    hooks.register(scratch, provider, key="one")
    assert hooks.get_hooks(scratch) == [provider]
    with pytest.raises(ImproperlyConfigured, match="key"):
        hooks.register(scratch, lambda: None, key="one")
    assert hooks.get_keyed(scratch, "one") is provider
    with pytest.raises(KeyError):
        hooks.get_keyed(scratch, "two")


def test_the_decorator_form_registers_and_returns_the_function(scratch):
    @hooks.register(scratch, order=5)
    def provider(record: object, actor: object) -> str:
        return f"{record}/{actor}"

    assert provider("p", "a") == "p/a"
    assert hooks.call_each(scratch, "p", "a") == ["p/a"]


def test_temporarily_restores_the_hook_even_when_alone(scratch):
    hooks.register(scratch, "kept")
    with hooks.temporarily(scratch, "mine", alone=True):
        assert hooks.get_hooks(scratch) == ["mine"]
    assert hooks.get_hooks(scratch) == ["kept"]


def test_every_app_registers_through_its_own_hooks_module():
    """Nothing registers elsewhere: each registered item's module is its app's hooks.py or
    a module of that app that the app's hooks.py names."""
    vigil_apps = [a for a in apps.get_app_configs() if a.name.startswith("vigil.")]
    for app in vigil_apps:
        if app.name in {"vigil.core", "vigil.core.tests.sensitive"}:
            continue
        assert app.module is not None
        __import__(f"{app.name}.hooks")  # each domain app has one
    for hook in hooks.HOOKS:
        for item in hooks.get_hooks(hook):
            module = getattr(item, "__module__", type(item).__module__)
            assert module.startswith("vigil."), (hook, item)


def test_demo_steps_follow_their_dependencies_not_the_order_of_installed_apps():
    order = hooks.keys(hooks.DEMO_STEP)
    assert order.index("places") < order.index("visits") < order.index("people")
    assert order.index("visits") < order.index("recommendations")
    assert order.index("people") < order.index("risk")
    assert order.index("risk") < order.index("programmes")
    assert order.index("recommendations") < order.index("programmes")


def test_discovering_again_registers_nothing_twice():
    before = {hook: list(hooks.get_hooks(hook)) for hook in hooks.HOOKS}
    hooks.discover()
    assert {hook: list(hooks.get_hooks(hook)) for hook in hooks.HOOKS} == before
