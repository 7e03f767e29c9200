"""Infographics: a versioned JSON format, built from the library, drawn as SVG and PNG."""
