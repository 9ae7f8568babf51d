from typing import TYPE_CHECKING

if TYPE_CHECKING:  # django-stubs' str-or-lazy-str, for the type checker only
    from django_stubs_ext import StrOrPromise


class DomainError(Exception):
    """A business rule refused an action. The message is translated and shown to the user as is."""

    def __init__(self, message: "StrOrPromise") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class RefusedTransition(DomainError):
    """A state rule refused a move or a write (a closed year, a state the move cannot start from).

    It holds for every actor, the administrator included; services wrapped by
    ``core.services.records_refusals`` record it as a security event.
    """
