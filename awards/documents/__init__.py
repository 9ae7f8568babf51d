"""PDF renderers of the awards app, one module per document family (core.documents discovers this package).

Importing the modules registers their renderers.
"""

from awards.documents import decision, minutes, paper

__all__ = ["decision", "minutes", "paper"]
