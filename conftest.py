"""Suite-wide pytest hooks: a browser tour that is skipped (no Chromium, no websocket-client)
counts as a failure, so `make test` never passes without having driven the UI."""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped:
        return
    instance = getattr(item, "instance", None)
    try:
        from odoo.tests.common import HttpCase
    except ImportError:  # pragma: no cover - Odoo missing is reported by scripts/check_odoo.sh
        return
    if isinstance(instance, HttpCase):
        report.outcome = "failed"
        report.longrepr = f"HttpCase {item.nodeid} was skipped ({report.longrepr}); tours must run."
