"""What other apps require before a bloc-year may enter a status.

The lifecycle table in ``blocs.enums`` knows only the bloc's own facts. An app that
owns a precondition (``scoring``: a scheme with criteria before scoring opens) adds it
in its own ``<app>/requirements.py``::

    from blocs.enums import BlocYearStatus
    from blocs.requirements import requirement

    @requirement(BlocYearStatus.SCORING)
    def scheme_has_criteria(bloc_year) -> str | None:
        ...return a translated sentence saying what is missing, or None

The bloc page lists the unmet ones; the transition service refuses while any is unmet.
"""

from collections import defaultdict

from django.utils.module_loading import autodiscover_modules

_requirements = defaultdict(list)
_discovered = False


def requirement(status):
    def register(func):
        _requirements[str(status)].append(func)
        return func

    return register


def unmet_requirements(bloc_year, status) -> list[str]:
    """Messages of every registered requirement for entering ``status`` that ``bloc_year`` does not meet."""
    global _discovered
    if not _discovered:
        autodiscover_modules("requirements")
        _discovered = True
    messages = (check(bloc_year) for check in _requirements[str(status)])
    return [message for message in messages if message]
