"""Build scripts for the office-holder registry (see registry.py)."""
