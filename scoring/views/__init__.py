"""Views of the scoring app, one module per area."""
