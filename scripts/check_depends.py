"""Exit 1 when an add-on depends on a module that is neither in Odoo 18 Community, nor in this
repository, nor brought by a package in requirements.txt (a fresh machine would fail to install).

OCA add-ons come from PyPI as `odoo-addon-<module>`; a dependency they bring themselves (e.g.
stock_inventory for stock_inventory_discrepancy) must still be listed, so pip pins it here too.
"""

import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def normalise(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def main(odoo_addons):
    ours = {p.parent.name for p in ROOT.glob("addons/*/__manifest__.py")}
    core = {p.parent.name for p in pathlib.Path(odoo_addons).glob("*/__manifest__.py")}
    core |= {"base"}
    required = set()
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.match(r"odoo-addon-([A-Za-z0-9_.-]+?)\s*([<>=!~].*)?$", line)
        if match:
            required.add(normalise(match.group(1)))
    gaps = []
    for manifest in sorted(ROOT.glob("addons/*/__manifest__.py")):
        for dep in ast.literal_eval(manifest.read_text()).get("depends", []):
            if dep not in ours and dep not in core and normalise(dep) not in required:
                gaps.append(f"{manifest.parent.name} depends on {dep}: add odoo-addon-{dep}")
    for gap in gaps:
        print(f"requirements.txt lacks: {gap}")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
