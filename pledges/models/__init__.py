"""Models of the pledges app, one module per area; each module lists its models in ``__all__``."""

from pledges.models.commitments import *  # noqa: F403
from pledges.models.reports import *  # noqa: F403
