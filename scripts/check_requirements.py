"""Exit 0 when every requirement in the given files is installed at a matching version."""

import sys
from importlib import metadata

try:
    from packaging.requirements import Requirement
except ImportError:  # a fresh interpreter: pip carries its own copy
    from pip._vendor.packaging.requirements import Requirement


def missing(paths):
    for path in paths:
        with open(path) as fh:
            for line in fh:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                req = Requirement(line)
                try:
                    version = metadata.version(req.name)
                except metadata.PackageNotFoundError:
                    yield line
                    continue
                if req.specifier and not req.specifier.contains(version, prereleases=True):
                    yield line


if __name__ == "__main__":
    gaps = list(missing(sys.argv[1:]))
    for gap in gaps:
        print(f"missing: {gap}")
    sys.exit(1 if gaps else 0)
