"""The static website: templates, styles and the code that renders the library into pages."""
