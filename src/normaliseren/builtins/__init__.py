"""The default plugins: the shipped content and the built-in exporters, on the public hooks."""
