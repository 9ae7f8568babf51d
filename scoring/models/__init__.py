"""Models of the scoring app, one module per area; each module lists its models in ``__all__``."""

from scoring.models.schemes import *  # noqa: F403
from scoring.models.sheets import *  # noqa: F403
