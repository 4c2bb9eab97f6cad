"""A static site generator for sourced timelines."""
