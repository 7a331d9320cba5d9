import shutil
import subprocess
import tempfile
import unicodedata

from odoo.tests import HttpCase, tagged

# CJK Radicals Supplement characters pdftotext gives for simplified ideographs.
RADICALS = str.maketrans(
    {
        "⻋": "车",
        "⻓": "长",
        "⻔": "门",
        "⻜": "飞",
        "⻢": "马",
        "⻅": "见",
        "⻉": "贝",
        "⻆": "角",
        "⻚": "页",
        "⻛": "风",
        "⻥": "鱼",
        "⻦": "鸟",
        "⻨": "麦",
        "⻩": "黄",
        "⻬": "齐",
        "⻮": "齿",
        "⻰": "龙",
        "⻳": "龟",
        "⻄": "西",
        "⻈": "讠",
        # NFKC folds the Kangxi radical ⼾ to the traditional 戶.
        "戶": "户",
    }
)


@tagged("post_install", "-at_install")
class TestReportsPdf(HttpCase):
    """The customer documents of a demo repair order, printed as PDF by wkhtmltopdf and read
    back with pdftotext: Chinese text in CJK fonts, and the fields that matter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.repair = cls.env.ref("kia_service.repair_sh_guarantee_first_demo")
        cls.advisor = cls.env.ref("kia_base.user_sh_advisor_demo")

    def _pdf_text(self, report_xmlid):
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils (scripts/deps.sh)")
        report = self.env.ref(report_xmlid)
        env = self.env(
            user=self.advisor,
            context=dict(
                self.env.context,
                lang="zh_CN",
                force_report_rendering=True,
                allowed_company_ids=self.repair.company_id.ids,
            ),
        )
        pdf, kind = env["ir.actions.report"]._render_qweb_pdf(report.report_name, self.repair.ids)
        self.assertEqual(kind, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
            fonts = subprocess.run(
                ["pdffonts", handle.name], capture_output=True, check=True, text=True
            ).stdout
        self.assertIn("CJK", fonts, "Chinese text is set in a CJK font")
        # CJK fonts share glyphs between radicals and ideographs: pdftotext may give the radical
        # (⼾ for 户); NFKC folds the Kangxi radicals, the table the simplified ones. The layout
        # may break a line anywhere: compare without spaces.
        text = unicodedata.normalize("NFKC", text).translate(RADICALS)
        return "".join(text.split())

    def assertAllIn(self, needles, text):
        for needle in needles:
            with self.subTest(needle=needle):
                self.assertIn("".join(str(needle).split()), text)

    def test_repair_order_pdf(self):
        repair = self.repair
        text = self._pdf_text("kia_service.action_report_kia_repair_order")
        self.assertAllIn(
            [
                repair.name,
                repair.vehicle_id.vin_sn,
                "卓越服务",
                "客户授权签字",
                repair.kia_signed_by,
                "总成修理",
                "5000公里/30天",
            ],
            text,
        )

    def test_walkaround_pdf(self):
        repair = self.repair
        text = self._pdf_text("kia_service.action_report_kia_walkaround")
        self.assertAllIn(
            [repair.name, repair.vehicle_id.vin_sn, "卓越服务", "客户签字", repair.kia_signed_by],
            text,
        )
        self.assertNotIn("未签字", text)

    def test_settlement_pdf(self):
        repair = self.repair
        text = self._pdf_text("kia_service.action_report_kia_delivery")
        self.assertAllIn(
            [
                repair.name,
                repair.vehicle_id.vin_sn,
                "卓越服务",
                "工时费",
                "材料费",
                "各付款方分摊",
                "客户带走",
                "总成修理",
                repair.kia_certificate_number,
                str(repair.kia_guarantee_until_km),
            ],
            text,
        )

    def test_certificate_pdf(self):
        repair = self.repair
        self.assertTrue(repair.kia_certificate_number)
        text = self._pdf_text("kia_service.action_report_kia_certificate")
        self.assertAllIn(
            [
                "竣工出厂合格证",
                repair.kia_certificate_number,
                repair.name,
                repair.vehicle_id.vin_sn,
                "卓越服务",
                "总成修理",
                str(repair.kia_guarantee_until_km),
            ],
            text,
        )
