"""PDF renderers of the awards app, one module per document family (core.documents discovers this package).

Importing the modules registers their renderers.
"""

from awards.documents import certificates, council, decision, dossier, minutes, paper, proposal

__all__ = ["certificates", "council", "decision", "dossier", "minutes", "paper", "proposal"]
