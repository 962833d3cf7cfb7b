"""The ``mbcwatch`` command: a thin layer over the library.

Each command group lives in its own module and is registered here. Domain errors become
``Error: ...`` on standard error with exit status 1, never a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from mbcwatch import __version__
from mbcwatch.cli.assess import assess_command, bench_command, eval_command
from mbcwatch.cli.diary import db_group, diary_group
from mbcwatch.cli.kb import kb_group
from mbcwatch.cli.nlp import nlp_group
from mbcwatch.cli.web import create_admin, serve, web_bench
from mbcwatch.errors import MbcwatchError


class _Main(click.Group):
    """Turns the library's domain errors into a one-line message and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MbcwatchError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            sys.exit(1)


@click.group(cls=_Main)
@click.version_option(__version__, prog_name="mbcwatch")
def main() -> None:
    """mbcwatch: notice when breast cancer may have spread, or when something is an emergency.

    Not a diagnosis. In an emergency call your emergency number or your 24-hour oncology line.
    """


main.add_command(kb_group)
main.add_command(nlp_group)
main.add_command(assess_command)
main.add_command(eval_command)
main.add_command(bench_command)
main.add_command(diary_group)
main.add_command(db_group)
main.add_command(serve)
main.add_command(create_admin)
main.add_command(web_bench)
