"""Forms of the awards app, one module per area."""

# The height of the note fields.
TEXTAREA = {"rows": 4}
