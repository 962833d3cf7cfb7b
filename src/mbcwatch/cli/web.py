"""``mbcwatch serve`` and ``mbcwatch create-admin``: run the web app and make its first account."""

from __future__ import annotations

import click

from mbcwatch.settings import get_settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--demo", is_flag=True, help="Load the demo accounts and data, and print them.")
def serve(host: str, port: int, demo: bool) -> None:
    """Start the web app (pages and /api/v1) on the configured database.

    Example: mbcwatch serve --demo
    """
    import uvicorn

    from mbcwatch.accounts.schema import upgrade_all
    from mbcwatch.web import create_app

    settings = get_settings()
    if demo:
        from mbcwatch.web.demo import DEMO_PASSWORD, load_demo_data

        accounts = load_demo_data(settings.database_url)
        click.echo("DEMO DATA: these accounts are for trying the app only.")
        for account in accounts:
            click.echo(f"  {account.role:<9} {account.username:<14} password: {DEMO_PASSWORD}")
    else:
        upgrade_all(settings.database_url)
    app = create_app(settings)
    click.echo(f"mbcwatch web app on http://{host}:{port}  (database: {_safe_url()})")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _safe_url() -> str:
    from sqlalchemy.engine import make_url

    return make_url(get_settings().database_url).render_as_string(hide_password=True)


@click.command("create-admin")
@click.option("--username", required=True, help="The admin's sign-in name.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for when not given.",
)
@click.option("--name", "display_name", default=None, help="Name shown on pages.")
def create_admin(username: str, password: str, display_name: str | None) -> None:
    """Create an admin account (the first account of a new installation).

    Example: mbcwatch create-admin --username admin
    """
    from mbcwatch.accounts.models import Role
    from mbcwatch.accounts.schema import upgrade_all
    from mbcwatch.accounts.service import create_user
    from mbcwatch.monitor.db import session_scope

    url = get_settings().database_url
    upgrade_all(url)
    with session_scope(url) as session:
        user = create_user(
            session,
            username=username,
            password=password,
            role=Role.ADMIN,
            display_name=display_name,
        )
        name = user.username
    click.echo(f"Created admin account {name!r}.")


@click.command("web-bench")
@click.option("--repeat", default=20, show_default=True, type=click.IntRange(1, 10_000),
              help="Passes over the workload.")  # fmt: skip
def web_bench(repeat: int) -> None:
    """Requests per second and p50/p99 latency of POST /api/v1/assess over HTTP, beside the
    baseline of calling the library directly on the same requests.

    Example: mbcwatch web-bench --repeat 20
    """
    from mbcwatch.triage.bench import table
    from mbcwatch.web.bench import run

    click.echo(table(run(get_settings(), repeat=repeat)))
