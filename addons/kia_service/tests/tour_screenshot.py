import pathlib
import re
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser, get_db_name
from odoo.tools import config

SIGNAL = re.compile(r"^kia-tour-screenshot (\w+)$")


def screenshots_dir():
    """Where Odoo's test browser saves its screenshots (``--screenshots``, by default the
    test's temporary output folder): never committed."""
    return pathlib.Path(config["screenshots"]) / get_db_name() / "screenshots"


class TourScreenshotMixin:
    """Tours that save a screenshot of a screen: a step logs ``kia-tour-screenshot <name>``
    and the browser's screenshot of that moment is saved by Odoo's own ``take_screenshot``
    under the screenshots folder, named ``<name>_<time>_<test class>.png``."""

    def start_tour_with_screenshots(self, url, name, login, **kwargs):
        """Run the tour; return the paths of the screenshots it asked for, printed."""
        before = set(screenshots_dir().glob("*.png")) if screenshots_dir().is_dir() else set()
        handle_console = ChromeBrowser._handle_console

        def handle(browser, type, args=None, stackTrace=None, **kw):  # noqa: A002
            if type == "log" and args:
                match = SIGNAL.match(str(args[0].get("value", "")))
                if match:
                    browser.take_screenshot(prefix=f"{match.group(1)}_")
            return handle_console(browser, type, args=args, stackTrace=stackTrace, **kw)

        with patch.object(ChromeBrowser, "_handle_console", handle):
            self.start_tour(url, name, login=login, **kwargs)
        paths = sorted(set(screenshots_dir().glob("*.png")) - before)
        for path in paths:
            # printed, not logged: the test's output names the screenshots for the reader
            print(f"Tour {name} screenshot: {path}")  # noqa: T201 pylint: disable=print-used
        return paths
