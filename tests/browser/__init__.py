"""Real-browser tests (marker `browser`): a package, so its conftest is not a second `conftest`."""
