"""Page assembly for the awards pages, one module per area: what the selectors read → what a template shows."""
