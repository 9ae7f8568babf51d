"""PDF renderers of the awards app, one module per document family (core.documents discovers this package).

Importing the modules registers their renderers.
"""

from awards.documents import achievement, certificates, council, decision, dossier, minutes, paper, proposal

__all__ = ["achievement", "certificates", "council", "decision", "dossier", "minutes", "paper", "proposal"]
