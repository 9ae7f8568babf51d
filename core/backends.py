from django.contrib.auth.backends import ModelBackend
from rules import perm_exists


class TablePermissionBackend(ModelBackend):
    """Django's model permissions (the admin's), except for permissions our rules define.

    A permission defined with django-rules is answered by its predicate alone; asking the
    permission tables as well would cost two queries per request for every refusal.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)
