"""Reusable UI pieces: plain functions of vars. They never call services."""
