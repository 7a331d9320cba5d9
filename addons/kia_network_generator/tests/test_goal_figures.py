import json

from odoo.tests import TransactionCase, tagged

from odoo.addons.kia_network_generator.models.kia_network_generator import LAST_RUN_PARAM


@tagged("post_install", "-at_install")
class TestGoalFigures(TransactionCase):
    """The generator's figures as KIA-GOAL lines, kept in the database for `make bench` to
    print them again when the network is not generated anew."""

    def run_figures(self, **values):
        return dict(
            {
                "dealers": 200,
                "vehicles": 200000,
                "repairs": 1000000,
                "seconds": 720.0,
                "peak_mb": 1850,
                "size": "3906 MB",
                "date": "2026-12-05",
            },
            **values,
        )

    def fields_of(self, line):
        prefix, measure, figure, goal, met = line.split("\t")
        self.assertEqual(prefix, "KIA-GOAL")
        return measure, figure, goal, met

    def test_full_scale_lines(self):
        Generator = self.env["kia.network.generator"]
        time_line, memory_line = Generator._kia_goal_lines(self.run_figures())
        measure, figure, goal, met = self.fields_of(time_line)
        self.assertIn("1,000,000 repair orders, 200 dealers", measure)
        self.assertEqual(figure, "12.0 min")
        self.assertEqual(goal, "< 25 min for 1,000,000 repair orders")
        self.assertEqual(met, "met")
        slow = Generator._kia_goal_lines(self.run_figures(seconds=26 * 60))[0]
        self.assertEqual(self.fields_of(slow)[3], "missed")
        measure, figure, _goal, met = self.fields_of(memory_line)
        self.assertEqual(figure, "1850 MB")
        self.assertIn("3906 MB", measure)

    def test_small_scale_extrapolated(self):
        """Below the goal's scale the time is extrapolated to a million and says so."""
        lines = self.env["kia.network.generator"]._kia_goal_lines(
            self.run_figures(dealers=2, repairs=10000, seconds=12.0)
        )
        _measure, figure, _goal, met = self.fields_of(lines[0])
        self.assertEqual(figure, "0.2 min (linear to 1,000,000: 20 min)")
        self.assertEqual(met, "met")
        lines = self.env["kia.network.generator"]._kia_goal_lines(
            self.run_figures(dealers=2, repairs=10000, seconds=16.0)
        )
        self.assertEqual(self.fields_of(lines[0])[3], "missed")

    def test_recorded_and_printed_again(self):
        Generator = self.env["kia.network.generator"]
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param(LAST_RUN_PARAM, False)
        self.assertEqual(Generator._kia_last_run_lines(), [])
        figures = self.run_figures(repairs=5000, seconds=30.0)
        lines = Generator._kia_record_run(figures)
        self.assertEqual(json.loads(Param.get_param(LAST_RUN_PARAM)), figures)
        self.assertEqual(Generator._kia_last_run_lines(), lines)
