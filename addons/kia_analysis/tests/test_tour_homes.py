import base64
import pathlib
import sys
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser, get_db_name
from odoo.tools import config

from odoo.addons.kia_service.tests.tour_screenshot import TourScreenshotMixin

# The demo users whose homes the tour opens, one per role.
ROLE_LOGINS = (
    "kia.sh.advisor",
    "kia.sh.foreman",
    "kia.sh.tech1",
    "kia.sh.qc",
    "kia.sh.cr",
    "kia.sh.partsclerk",
    "kia.sh.parts",
    "kia.sh.warranty",
    "kia.sh.manager",
    "kia.hq.officer",
    "kia.hq.parts",
    "kia.hq.manager",
    "kia.hq.training",
)


@tagged("post_install", "-at_install")
class TestRoleHomeTours(TourScreenshotMixin, HttpCase):
    """In Chromium: each demo role lands on its home after login (a screenshot of each is
    saved under the tests' output folder), and the manager's day from the dashboard to the
    records behind a figure, and head office's manager from the network's ranking to a
    dealer's records."""

    def _screenshot_dir(self):
        folder = pathlib.Path(config["screenshots"]) / get_db_name() / "kia_role_homes"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def test_each_role_home_in_chromium(self):
        folder = self._screenshot_dir()
        original = ChromeBrowser._wait_code_ok
        paths = []
        current = {}

        def wait_then_capture(browser, *args, **kwargs):
            original(browser, *args, **kwargs)
            shot = browser._websocket_send("Page.captureScreenshot", with_future=True)
            data = shot.result(timeout=30)["data"]
            path = folder / f"{current['login']}.png"
            path.write_bytes(base64.b64decode(data))
            paths.append(path)

        with patch.object(ChromeBrowser, "_wait_code_ok", wait_then_capture):
            for login in ROLE_LOGINS:
                current["login"] = login
                with self.subTest(login=login):
                    self.start_tour("/odoo", "kia_role_home_tour", login=login)
        for path in paths:
            sys.stdout.write(f"role home screenshot: {path}\n")
        self.assertEqual(len(paths), len(ROLE_LOGINS))
        self.assertTrue(all(path.stat().st_size > 1000 for path in paths))

    def test_manager_day_tour(self):
        self.start_tour("/odoo", "kia_manager_day_tour", login="kia.sh.manager")

    def test_hq_network_tour(self):
        paths = self.start_tour_with_screenshots(
            "/odoo/action-kia_analysis.kia_kpi_dashboard_action",
            "kia_hq_network_tour",
            "kia.hq.manager",
        )
        self.assertEqual(len(paths), 1)
