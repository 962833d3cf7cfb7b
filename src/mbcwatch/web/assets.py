"""Where the front-end assets live.

The U.S. Web Design System comes from npm (``@uswds/uswds``, public domain) pinned by the committed
package-lock.json. ``make`` runs ``npm ci`` and copies its ``dist`` folders into the package's
``static/uswds`` (untracked), so both an editable checkout and a built wheel serve them from
inside the package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from mbcwatch.errors import MbcwatchError

STATIC_DIR = Path(str(files("mbcwatch.web") / "static"))
USWDS_DIR = STATIC_DIR / "uswds"
USWDS_CSS = USWDS_DIR / "css" / "uswds.min.css"


class AssetsMissingError(MbcwatchError):
    """The design-system files were not installed (run ``make assets``)."""

    code = "assets_missing"


def check_assets() -> None:
    """Fail early with a clear message instead of serving unstyled pages."""
    if not USWDS_CSS.is_file():
        raise AssetsMissingError(
            "the USWDS design-system files are missing: run `make assets` "
            "(npm ci from package-lock.json) in the repository"
        )
