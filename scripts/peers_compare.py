"""Compare the peer tests' JUnit reports (scripts/test_peers.sh) with the committed baseline.

Prints how many peer tests ran, failed and erred with the suite (and without it: from the
--without report when given, else from the baseline's header), and exits 1 when a test fails or
errs with the suite that is not in the baseline, or when the install-onto-data check failed.
--write-baseline rewrites the baseline from the --without report.
"""

import argparse
import re
import sys
import xml.etree.ElementTree as ET


def test_id(case):
    classname = case.get("classname", "")
    # pytest-odoo names a test by its import path (odoo.addons.MODULE.tests....)
    match = re.search(r"(?:^|\.)addons\.(.+)$", classname)
    return f"{match.group(1) if match else classname}.{case.get('name')}"


def read(path):
    """(run, failed ids with their message, errored ids with their message)"""
    run, failed, errors = 0, {}, {}
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("skipped") is not None:
            continue
        run += 1
        for tag, bucket in (("failure", failed), ("error", errors)):
            node = case.find(tag)
            if node is not None:
                message = (node.get("message") or node.text or "").strip().splitlines()
                bucket[test_id(case)] = message[0][:160] if message else tag
    return run, failed, errors


def read_baseline(path):
    ids, header = set(), {}
    with open(path) as fh:
        for line in fh:
            found = re.match(r"# without the suite: run (\d+), failed (\d+), errors (\d+)", line)
            if found:
                header = dict(
                    zip(("run", "failed", "errors"), map(int, found.groups()), strict=True)
                )
            line = line.split("#", 1)[0].strip()
            if line:
                ids.add(line)
    return ids, header


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", required=True)
    parser.add_argument("--with", dest="with_suite", required=True)
    parser.add_argument("--without")
    parser.add_argument("--populated")
    parser.add_argument("--write-baseline", action="store_true")
    args = parser.parse_args()

    if args.write_baseline:
        run, failed, errors = read(args.without)
        with open(args.baseline, "w") as fh:
            fh.write(
                "# Peer tests (make test-peers) that fail or err on this Odoo 18.0 build\n"
                "# WITHOUT the Kia suite, written by `make test-peers BASELINE=1`;\n"
                "# the reason follows each id.\n"
                f"# without the suite: run {run}, failed {len(failed)}, errors {len(errors)}\n"
            )
            for tid, message in sorted({**failed, **errors}.items()):
                fh.write(f"{tid}  # {message}\n")
    baseline, header = read_baseline(args.baseline)
    if args.without:
        run, failed, errors = read(args.without)
        header = {"run": run, "failed": len(failed), "errors": len(errors)}
    run, failed, errors = read(args.with_suite)
    print(f"peer tests with the suite: run {run}, failed {len(failed)}, errors {len(errors)}")
    if header:
        print(
            f"peer tests without the suite: run {header['run']}, failed {header['failed']}, "
            f"errors {header['errors']}"
        )
    rc = 0
    new = {tid: msg for tid, msg in {**failed, **errors}.items() if tid not in baseline}
    for tid, message in sorted(new.items()):
        print(f"FAILS WITH THE SUITE ONLY: {tid}: {message}")
        rc = 1
    if args.populated:
        prun, pfailed, perrors = read(args.populated)
        print(
            f"install onto ordinary data: run {prun}, failed {len(pfailed)}, errors {len(perrors)}"
        )
        for tid, message in sorted({**pfailed, **perrors}.items()):
            print(f"FAILED: {tid}: {message}")
        if not prun or pfailed or perrors:
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
