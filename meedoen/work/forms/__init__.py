"""Forms of the work pages, one module per area. They parse; the services validate the rules and save."""
