from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from rules import perm_exists

from core.models import User


class TablePermissionBackend(ModelBackend):
    """Django's model permissions (the admin's), except for permissions our rules define.

    A permission defined with django-rules is answered by its predicate alone; asking the
    permission tables as well would cost two queries per request for every refusal.
    """

    def has_perm(self, user_obj: User | AnonymousUser, perm: str, obj: Model | None = None) -> bool:
        if perm_exists(perm):  # type: ignore[no-untyped-call]  # django-rules ships no types
            return False
        return super().has_perm(user_obj, perm, obj)
