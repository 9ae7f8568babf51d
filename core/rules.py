"""Core's permissions (django-rules, autodiscovered by ``rules.apps.AutodiscoverRulesConfig``)."""

import rules

# The Django admin edits any row of any table, so its link is shown to superusers only.
rules.add_perm("core.open_admin_site", rules.is_superuser)  # type: ignore[no-untyped-call]  # rules is untyped
