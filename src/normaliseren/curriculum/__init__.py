"""Curriculum modules as pages, a Markdown bundle and an IMS Common Cartridge 1.1 package."""
