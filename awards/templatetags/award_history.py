"""``{% award_history unit %}``: the unit's award history as a section of the unit's page (blocs imports no awards
code; its template loads this tag)."""

from typing import Any

from django import template

from awards.selectors.decisions import award_history as history_of

register = template.Library()


@register.inclusion_tag("awards/_award_history.html")
def award_history(unit: Any) -> dict[str, Any]:
    """Rows of the unit's awards and of its predecessors' (marked), revoked ones kept and marked."""
    return {"award_rows": history_of(unit), "history_unit": unit}
