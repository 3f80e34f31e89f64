"""plansite: publish a school or district improvement plan as a checked, navigable static site."""

__version__ = "0.1.0"
