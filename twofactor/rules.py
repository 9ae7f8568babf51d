"""Two-factor permissions (django-rules, autodiscovered)."""

import rules

# Resetting another person's second factor lets whoever holds their password in: the administrator only.
rules.add_perm("twofactor.reset_device", rules.is_superuser)
