from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

HOME = "kia_base.kia_home_action"
DASHBOARD = "kia_analysis.kia_kpi_dashboard_action"


@tagged("post_install", "-at_install")
class TestRoleHome(TransactionCase):
    """Each demo role lands on its home; the cards count what the role's lists show and what
    of it is late; users without a Kia role keep Odoo's default home."""

    # demo user: (home action, the role whose cards make the home)
    HOMES = {
        "kia_base.user_sh_advisor_demo": (HOME, "kia_base.group_advisor"),
        "kia_base.user_sh_foreman_demo": (HOME, "kia_base.group_foreman"),
        "kia_base.user_sh_tech1_demo": (HOME, "kia_base.group_technician"),
        "kia_base.user_sh_qc_demo": (HOME, "kia_base.group_qc_inspector"),
        "kia_base.user_sh_cr_demo": (HOME, "kia_base.group_customer_relations"),
        "kia_parts.user_sh_parts_demo": (HOME, "kia_parts.group_parts_clerk"),
        "kia_parts.user_sh_parts_clerk_demo": (HOME, "kia_parts.group_parts_clerk"),
        "kia_parts.user_hq_parts_demo": (HOME, "kia_parts.group_hq_parts_officer"),
        "kia_base.user_hq_officer_demo": (HOME, "kia_base.group_hq_officer"),
        "kia_base.user_hq_manager_demo": (HOME, "kia_base.group_hq_officer"),
        "kia_warranty.user_sh_warranty_demo": (HOME, "kia_warranty.group_warranty_admin"),
        "kia_training.user_hq_training_demo": (HOME, "kia_training.group_hq_training_manager"),
        "kia_base.user_sh_manager_demo": (DASHBOARD, None),
        "kia_base.user_sz_manager_demo": (DASHBOARD, None),
    }

    def _cards(self, user):
        Tile = self.env["kia.home.tile"].with_user(user).with_company(user.company_id)
        return {
            card["name"]: card for section in Tile.get_home_cards() for card in section["cards"]
        }, Tile

    def test_each_role_lands_on_its_home(self):
        for xmlid, (action, role) in self.HOMES.items():
            user = self.env.ref(xmlid)
            with self.subTest(user=user.login):
                self.assertEqual(user.action_id.id, self.env.ref(action).id)
                sections = self.env["kia.home.tile"].with_user(user)._kia_home_groups()
                if role:
                    self.assertIn(self.env.ref(role), sections)
                    cards, _tile = self._cards(user)
                    self.assertTrue(cards, "a role's home shows its cards")

    def test_advisor_also_warranty_admin_sees_both(self):
        advisor = self.env.ref("kia_base.user_sh_advisor_demo")
        advisor.groups_id = [
            fields.Command.link(self.env.ref("kia_warranty.group_warranty_admin").id)
        ]
        sections = self.env["kia.home.tile"].with_user(advisor)._kia_home_groups()
        self.assertIn(self.env.ref("kia_base.group_advisor"), sections)
        self.assertIn(self.env.ref("kia_warranty.group_warranty_admin"), sections)
        # the warranty administrator's priority is the higher: still the same home page
        self.assertEqual(advisor.action_id.id, self.env.ref(HOME).id)

    def test_non_kia_users_keep_odoo_default(self):
        for xmlid in (
            "kia_base.user_sh_accountant_demo",
            "kia_base.user_hq_accountant_demo",
        ):
            self.assertFalse(self.env.ref(xmlid).action_id)
        stock_user = new_test_user(self.env, "t_stock_only", groups="stock.group_stock_user")
        self.assertFalse(stock_user.action_id)
        portal = new_test_user(self.env, "t_portal_only", groups="base.group_portal")
        self.assertFalse(portal.action_id)
        # an administrator's own choice of home is kept when a Kia role is given
        discuss = self.env.ref("mail.action_discuss")
        chosen = new_test_user(self.env, "t_chosen", groups="base.group_user")
        chosen.action_id = discuss.id
        chosen.groups_id = [fields.Command.link(self.env.ref("kia_base.group_advisor").id)]
        self.assertEqual(chosen.action_id.id, discuss.id)

    def test_role_change_moves_the_home(self):
        user = new_test_user(self.env, "t_role_change", groups="kia_base.group_technician")
        self.assertEqual(user.action_id.id, self.env.ref(HOME).id)
        user.groups_id = [fields.Command.link(self.env.ref("kia_base.group_service_manager").id)]
        self.assertEqual(user.action_id.id, self.env.ref(DASHBOARD).id)
        # the Kia roles taken away: back to Odoo's default
        kia_groups = self.env["res.groups"].search([("kia_home_action_id", "!=", False)])
        user.groups_id = [fields.Command.unlink(group.id) for group in kia_groups]
        self.assertFalse(user.action_id)

    def test_counts_equal_direct_counts(self):
        now = fields.Datetime.now()
        tech = self.env.ref("kia_base.user_sh_tech1_demo")
        cards, _tile = self._cards(tech)
        Job = self.env["kia.repair.job"].with_user(tech)
        mine = [
            ("technician_id", "=", tech.id),
            ("state", "in", ("ready", "in_progress", "paused")),
        ]
        self.assertEqual(cards["My Jobs"]["count"], Job.search_count(mine))
        self.assertEqual(
            cards["My Jobs"]["late"], Job.search_count(mine + [("promised_date", "<", now)])
        )
        qc = self.env.ref("kia_base.user_sh_qc_demo")
        cards, _tile = self._cards(qc)
        Repair = self.env["repair.order"].with_user(qc)
        pending = [("kia_qc_state", "=", "pending"), ("company_id", "=", qc.company_id.id)]
        self.assertEqual(
            cards["Waiting for Final Inspection"]["count"], Repair.search_count(pending)
        )
        officer = self.env.ref("kia_base.user_hq_officer_demo")
        cards, _tile = self._cards(officer)
        OldPart = self.env["kia.warranty.old.part"].with_user(officer)
        self.assertEqual(
            cards["Old Parts Due at Head Office"]["late"],
            OldPart.search_count([("is_overdue", "=", True)]),
        )
        cr = self.env.ref("kia_base.user_sh_cr_demo")
        cards, _tile = self._cards(cr)
        self.assertGreaterEqual(cards["Follow-ups Due Today"]["count"], 1)

    def test_late_count_follows_the_records(self):
        clerk = self.env.ref("kia_parts.user_sh_parts_clerk_demo")
        cards, Tile = self._cards(clerk)
        before = cards["Stocktakes Due"]
        stocktake = (
            self.env["kia.parts.stocktake"]
            .with_user(clerk)
            .with_company(clerk.company_id)
            .create({"date": fields.Date.today() - timedelta(days=3)})
        )
        cards, _tile = self._cards(clerk)
        self.assertEqual(cards["Stocktakes Due"]["count"], before["count"] + 1)
        self.assertEqual(cards["Stocktakes Due"]["late"], before["late"] + 1)
        # the card opens its list on the same records, the late ones too
        tile = self.env.ref("kia_parts.kia_home_tile_parts_stocktakes").with_user(clerk)
        action = tile.action_open(late=True)
        self.assertEqual(action["res_model"], "kia.parts.stocktake")
        late = self.env["kia.parts.stocktake"].with_user(clerk).search(action["domain"])
        self.assertIn(stocktake, late)
        self.assertEqual(len(late), before["late"] + 1)
        self.assertFalse([key for key in action["context"] if key.startswith("search_default_")])

    def test_warranty_admin_home_counts_claims_to_prepare(self):
        wadmin = self.env.ref("kia_warranty.user_sh_warranty_demo")
        cards, _tile = self._cards(wadmin)
        Claim = self.env["kia.warranty.claim"].with_user(wadmin)
        drafts = [("state", "=", "draft")]
        late = drafts + [("repair_date", "<", fields.Date.today() - timedelta(days=7))]
        self.assertEqual(cards["Claims to Prepare"]["count"], Claim.search_count(drafts))
        self.assertEqual(cards["Claims to Prepare"]["late"], Claim.search_count(late))
        # the demo's claim not sent nine days after the repair is late on his home
        self.assertIn(self.env.ref("kia_warranty.claim_sh_draft_demo"), Claim.search(late))
        # a dealer's administrator counts only his dealer's claims
        self.assertEqual(Claim.search(drafts).company_id, wadmin.company_id)

    def test_hq_training_manager_home_counts_decisions(self):
        manager = self.env.ref("kia_training.user_hq_training_demo")
        sections = self.env["kia.home.tile"].with_user(manager)._kia_home_groups()
        # his own queue first, then head office's shared queues
        self.assertEqual(sections[0], self.env.ref("kia_training.group_hq_training_manager"))
        cards, _tile = self._cards(manager)
        Enrolment = self.env["kia.training.enrolment"].with_user(manager)
        # seats in head office's sessions (no company), asked by every dealer it holds
        waiting = [("state", "=", "to_approve"), ("session_id.company_id", "=", False)]
        self.assertEqual(cards["Enrolments to Approve"]["count"], Enrolment.search_count(waiting))
        self.assertGreaterEqual(cards["Enrolments to Approve"]["count"], 1)
        self.assertIn("Attendance to Record", cards)
        Plan = self.env["kia.training.plan"].with_user(manager)
        self.assertEqual(
            cards["Training Plans to Approve"]["count"],
            Plan.search_count([("state", "=", "submitted")]),
        )
        self.assertGreaterEqual(cards["Training Plans to Approve"]["count"], 1)
        # the demo's certification expiring at the end of this month is counted
        Certification = self.env["kia.certification"].with_user(manager)
        today = fields.Date.today()
        month_end = today + relativedelta(months=1, day=1)
        expiring = Certification.search([("state", "=", "valid"), ("date_expiry", "<", month_end)])
        self.assertTrue(expiring)
        self.assertEqual(cards["Certifications Expiring This Month"]["count"], len(expiring))
        # a plan submitted to head office shows on the card until it is decided
        before = cards["Training Plans to Approve"]["count"]
        Plan.search([("state", "=", "submitted")], limit=1).action_approve()
        cards, _tile = self._cards(manager)
        self.assertEqual(cards["Training Plans to Approve"]["count"], before - 1)

    def test_demo_shows_late_work(self):
        # the demo's repair order promised for yesterday and still in the workshop
        late_repair = self.env.ref("kia_service.repair_sh_03_demo")
        self.assertLess(late_repair.kia_promised_date, fields.Datetime.now())
        for xmlid, card in (
            ("kia_base.user_sh_advisor_demo", "Open Repair Orders"),
            ("kia_base.user_sh_foreman_demo", "Workshop Board"),
            ("kia_base.user_sh_tech1_demo", "My Jobs"),
        ):
            with self.subTest(user=xmlid):
                cards, _tile = self._cards(self.env.ref(xmlid))
                self.assertGreaterEqual(cards[card]["late"], 1)

    def test_demo_appointments_this_week_and_next(self):
        """The demo's appointments are dated from the day it is installed: the advisor's
        calendar shows some today and some next week, in his time zone."""
        advisor = self.env.ref("kia_base.user_sh_advisor_demo")
        Appointment = self.env["kia.appointment"].with_user(advisor)
        today = fields.Date.context_today(Appointment)
        next_monday = today + timedelta(days=7 - today.weekday())
        days = [
            fields.Datetime.context_timestamp(Appointment, appointment.date_start).date()
            for appointment in Appointment.search([("state", "!=", "cancel")])
        ]
        self.assertIn(today, days)
        self.assertTrue([day for day in days if next_monday <= day < next_monday + timedelta(7)])
