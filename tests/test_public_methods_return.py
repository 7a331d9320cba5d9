"""Integrators call the suite's buttons over XML-RPC/JSON-RPC: every public action or button
method of the add-ons returns a value the protocol can carry (an action dict or True), never
None, which XML-RPC cannot marshal (the call would come back as a fault although it ran)."""

import ast
import sys
from pathlib import Path

ADDONS = Path(__file__).resolve().parent.parent / "addons"


def _methods_returning_none():
    found = []
    for path in sorted(ADDONS.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            if not node.name.startswith(("action_", "button_")):
                continue
            returns = [n for n in ast.walk(node) if isinstance(n, ast.Return)]
            if not returns or any(r.value is None for r in returns):
                found.append(f"{path.relative_to(ADDONS)}:{node.lineno} {node.name}")
    return found


def test_public_methods_return_a_value():
    assert _methods_returning_none() == []


def test_the_check_finds_a_bare_method(tmp_path, monkeypatch):
    module = tmp_path / "kia_x" / "models"
    module.mkdir(parents=True)
    (module / "x.py").write_text("def action_x(self):\n    self.ensure_one()\n")
    monkeypatch.setattr(sys.modules[__name__], "ADDONS", tmp_path)
    assert _methods_returning_none() == ["kia_x/models/x.py:1 action_x"]
