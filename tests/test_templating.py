"""webapp/templating.py: Jinja imports reuse the imported template's module whenever Jinja itself would, and only
then, so every import sees the same globals as with Jinja's own Template."""

from __future__ import annotations

import pytest
from flask import Flask
from jinja2 import DictLoader, Environment, Template

from webapp.templating import ImportingTemplate

TEMPLATES = {
    "macros.html": "{% macro shout(word) %}{{ word | upper }}{{ extra | default('') }}{% endmacro %}",
    "page.html": '{% from "macros.html" import shout %}{% for w in words %}{{ shout(w) }} {% endfor %}',
    "aliased.html": '{% import "macros.html" as m %}{{ m.shout("a") }}',
    "with_context.html": '{% import "macros.html" as m with context %}{{ m.shout("b") }}',
    "partial.html": '{% from "macros.html" import shout %}{{ shout(word) }}',
    "includes.html": '{% for word in words %}{% include "partial.html" %}|{% endfor %}',
}


def environment(template_class: type[Template]) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    env.template_class = template_class
    env.globals["site"] = "OnsPlan"
    return env


CASES = [
    ("page.html", {}, {"words": ["ja", "nee"]}),
    ("aliased.html", {}, {}),
    ("with_context.html", {}, {"extra": "!"}),
    ("includes.html", {}, {"words": ["een", "twee", "drie"]}),
    # The importing page has a global the imported one lacks: Jinja builds a module that sees it.
    ("page.html", {"extra": "?"}, {"words": ["x"]}),
    ("aliased.html", {"extra": "*"}, {}),
]


@pytest.mark.parametrize(("name", "page_globals", "variables"), CASES)
def test_the_same_output_as_jinja(name: str, page_globals: dict, variables: dict) -> None:
    ours = environment(ImportingTemplate).get_template(name, globals=page_globals).render(**variables)
    jinjas = environment(Template).get_template(name, globals=page_globals).render(**variables)
    assert ours == jinjas


def test_a_page_with_extra_globals_still_gives_them_to_what_it_imports() -> None:
    env = environment(ImportingTemplate)
    assert env.get_template("aliased.html", globals={"extra": "*"}).render() == "A*"
    assert env.get_template("page.html").render(words=["y"]) == "Y "  # the cached module has no `extra`


def test_the_imported_module_is_built_once(monkeypatch) -> None:
    env = environment(ImportingTemplate)
    macros = env.get_template("macros.html")
    built = []
    original = ImportingTemplate.make_module

    def make_module(self, *args, **kwargs):
        built.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ImportingTemplate, "make_module", make_module)
    page = env.get_template("includes.html")
    for _ in range(3):
        assert page.render(words=["a", "b"]) == "A|B|"
    assert built == ["macros.html"]
    assert isinstance(macros, ImportingTemplate)


def test_the_app_loads_its_templates_with_it(app: Flask) -> None:
    assert app.jinja_env.template_class is ImportingTemplate
    assert isinstance(app.jinja_env.get_template("base.html"), ImportingTemplate)


def test_jinja_checks_the_globals_only_when_the_page_has_more(monkeypatch) -> None:
    """The cost this saves: Jinja's check of the importing page's globals (a Python loop over every name) runs only
    for a page with globals of its own."""
    checked = []
    original = Template._get_default_module

    def default_module(self, ctx=None):
        checked.append(ctx is not None)
        return original(self, ctx)

    monkeypatch.setattr(Template, "_get_default_module", default_module)
    env = environment(ImportingTemplate)
    env.get_template("page.html").render(words=["a"])
    env.get_template("aliased.html", globals={"extra": "*"}).render()
    assert checked == [False, True]
