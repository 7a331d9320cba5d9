"""``python3 -m odoo --addons-path=... kia_generate -c CONF -d DB [--dealers N --vehicles N
--repairs N --seed N --scale F]``: fill a database that has kia_network_generator installed with
a network-scale data set (see kia.network.generator), and print its KIA-GOAL lines (time against
the 25-minute goal, peak memory), kept in the database. ``--last``: print those of the last
generation again, generate nothing."""

import argparse
import logging
import resource
import sys
import time
from pathlib import Path

import odoo
from odoo.cli import Command

_logger = logging.getLogger(__name__)


def _say(message):
    """Progress on standard output, whatever the log level."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


class KiaGenerate(Command):
    """Generate a network-scale Kia dealer data set (dealers, vehicles, repair orders...)"""

    name = "kia_generate"

    def run(self, cmdargs):
        parser = argparse.ArgumentParser(
            prog=f"{Path(sys.argv[0]).name} {self.name}",
            description=self.__doc__,
        )
        parser.add_argument("--dealers", type=int, default=200)
        parser.add_argument("--vehicles", type=int, default=200000)
        parser.add_argument("--repairs", type=int, default=1000000)
        parser.add_argument("--months", type=int, default=24, help="History length in months.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every count, e.g. 0.01."
        )
        parser.add_argument(
            "--last",
            action="store_true",
            help="Print the figures of the last generation kept in the database (KIA-GOAL "
            "lines); generate nothing.",
        )
        options, odoo_args = parser.parse_known_args(cmdargs)
        odoo.tools.config.parse_config(odoo_args, setup_logging=True)
        dbname = odoo.tools.config["db_name"]
        if not dbname:
            sys.exit("kia_generate: give the database with -d DB.")
        dealers = max(1, round(options.dealers * options.scale))
        vehicles = max(dealers, round(options.vehicles * options.scale))
        repairs = max(0, round(options.repairs * options.scale))
        started = time.time()
        registry = odoo.modules.registry.Registry(dbname)
        if "kia.network.generator" not in registry:
            sys.exit(f"kia_generate: install the add-on kia_network_generator in {dbname} first.")
        if options.last:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                lines = env["kia.network.generator"]._kia_last_run_lines()
            for line in lines or [
                "\t".join(
                    (
                        "KIA-GOAL",
                        "Generator: total time for 1,000,000 repair orders",
                        f"not recorded in {dbname} (generated before its figures were kept)",
                        "< 25 min",
                        "missed",
                    )
                )
            ]:
                _say(line)
            return
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"active_test": False})
            counts = env["kia.network.generator"]._generate(
                dealers=dealers,
                vehicles=vehicles,
                repairs=repairs,
                seed=options.seed,
                months=options.months,
                log=_say,
            )
            cr.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cr.fetchone()[0]
            elapsed = time.time() - started
            # ru_maxrss: the largest resident set of this process so far, in KiB on Linux.
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # Kept in the database with the network it describes: `make bench` prints the
            # figures again on later runs, which do not generate the network again.
            lines = env["kia.network.generator"]._kia_record_run(
                {
                    "dealers": dealers,
                    "vehicles": vehicles,
                    "repairs": repairs,
                    "seconds": round(elapsed, 1),
                    "peak_mb": round(peak),
                    "size": size,
                    "date": time.strftime("%Y-%m-%d", time.gmtime(started)),
                }
            )
        _say(
            f"kia_generate: {dealers} dealers, {vehicles} vehicles, {repairs} repair orders "
            f"in {elapsed:.0f}s ({elapsed / 60:.1f} min; goal for 1,000,000 repair orders: "
            f"under 25 min); peak memory {peak:.0f} MB; database size {size}; {counts}"
        )
        for line in lines:
            _say(line)
