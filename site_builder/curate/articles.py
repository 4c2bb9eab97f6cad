"""Placeholder: registers nothing yet."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register this command's subparser, with `set_defaults(run=...)`."""
