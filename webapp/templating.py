"""Jinja imports without repeated work (issue 14, item 4).

`{% from "x.html" import y %}` and `{% import "x.html" as x %}` (without `with context`) ask the imported template
for its module, `Template._get_default_module(context)`. Jinja keeps that module once it is built, but first checks
whether the importing page has globals the imported template lacks: `context.globals_keys - template.globals.keys()`.
The template's globals are a `ChainMap` (its own, over the environment's), so that difference runs a Python-level
`in` over every map for each of the ~50 names: ~15 µs an import, and a plan page imports 16 times or more (partials
with imports included once per goal import again).

`ImportingTemplate` answers the same question in C: when one of the template's global maps already holds every name
of the importing context (the usual case: both pages see the environment's globals), the difference is empty, and
Jinja's own code would return the cached module; only then does it skip the check. Otherwise Jinja's code runs
unchanged, so an import sees exactly the globals it saw before. tests/test_templating.py holds this to Jinja's.
"""

from __future__ import annotations

from collections import ChainMap

from jinja2 import Template
from jinja2.environment import TemplateModule
from jinja2.runtime import Context


class ImportingTemplate(Template):
    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        if ctx is not None and not self.environment.is_async and self._holds_every_global_of(ctx):
            ctx = None  # the difference Jinja computes would be empty: its cached module is the answer
        return super()._get_default_module(ctx)

    def _holds_every_global_of(self, ctx: Context) -> bool:
        """Whether one map of this template's globals has every global name of the importing context (C-level set
        comparisons; a False only means "let Jinja work it out")."""
        wanted = ctx.globals_keys
        maps = self.globals.maps if isinstance(self.globals, ChainMap) else (self.globals,)
        return any(scope.keys() >= wanted for scope in maps)
