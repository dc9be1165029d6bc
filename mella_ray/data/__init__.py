"""Data files shipped with the package (instruction templates, language facts)."""
