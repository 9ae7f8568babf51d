"""Forms of the pledges app, one module per area."""
