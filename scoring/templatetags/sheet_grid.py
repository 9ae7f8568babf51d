"""The score grid's rows, rendered with Jinja2.

The grid of a 150-criterion scheme has ~4,000 variable lookups; Django's template engine
spends most of the page's CPU on them, Jinja2 (compiled to Python) a fraction. The rest of
the page stays a Django template; this tag renders the rows partial from the same context.
"""

from functools import cache

import jinja2
from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

register = template.Library()


@cache
def _rows_template():
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(settings.BASE_DIR / "templates")),
        autoescape=True,
        auto_reload=settings.DEBUG,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("scoring/sheet_grid_rows.jinja")


@register.simple_tag(takes_context=True)
def sheet_grid_rows(context) -> str:
    names = ["rows", "shows_self", "save_url", "evidence_base", "points_label", "note_label", "reason_label"]
    values = {name: context.get(name) for name in names}
    labels = ["required_text", "max_label", "self_label", "evidence_label", "note_button", "reason_button"]
    values.update({name: context.get(name, "") for name in labels})
    # The keyboard help is on the page only when the grid can be edited.
    values["help_ref"] = " grid-help" if context.get("can_edit") else ""
    # A constant attribute, no user text: marked safe so that Jinja2's autoescape keeps it as is.
    values["disabled"] = "" if context.get("can_edit") else mark_safe(" disabled")
    return mark_safe(_rows_template().render(values))  # noqa: S308 - Jinja2 autoescapes every value
