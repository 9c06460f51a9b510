"""Hostile inputs for tipq, generated at test time (see corpus.py)."""
