from odoo.tests import tagged

from .common_complaint import KiaComplaintCase

MAIL = """Return-Path: <owner@example.cn>
To: t-a-aftersales@{domain}
From: Wang Wei <owner@example.cn>
Subject: 空调不制冷
Message-ID: <kia-test-0001@example.cn>
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

上周在贵店维修空调，现在又不制冷了。
"""


@tagged("post_install", "-at_install")
class TestMailbox(KiaComplaintCase):
    def test_mail_to_dealer_alias_creates_ticket(self):
        domain = self.team_a.alias_domain or self.env.company.alias_domain_name or "example.com"
        if not self.team_a.alias_domain_id:
            alias_domain = self.env["mail.alias.domain"].create({"name": "kia-test.example.cn"})
            self.team_a.alias_id.alias_domain_id = alias_domain
            domain = alias_domain.name
        self.env["mail.thread"].message_process(
            "helpdesk.ticket", MAIL.format(domain=domain).encode()
        )
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "空调不制冷")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertEqual(ticket.company_id, self.dealer_a)
        self.assertEqual(ticket.kia_complaint_source, "online")
        self.assertEqual(
            ticket.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        )
        self.assertTrue(ticket.kia_resolution_deadline)
        self.assertIn(
            ticket,
            self.env["helpdesk.ticket"].with_user(self.cr_a).search([("id", "=", ticket.id)]),
        )

    def test_mail_to_other_team_opens_plain_ticket(self):
        """Mail to a helpdesk team that is no dealer's complaint team: Odoo's plain ticket."""
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "IT desk", "alias_name": "t-it-desk", "company_id": self.dealer_a.id}
        )
        domain = self.env["mail.alias.domain"].create({"name": "kia-it.example.cn"})
        team.alias_id.alias_domain_id = domain
        self.env["mail.thread"].message_process(
            "helpdesk.ticket",
            MAIL.format(domain=domain.name)
            .replace("t-a-aftersales", "t-it-desk")
            .replace("kia-test-0001", "kia-test-0002")
            .encode(),
        )
        ticket = self.env["helpdesk.ticket"].search([("team_id", "=", team.id)])
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.kia_is_complaint)
        self.assertNotEqual(ticket.kia_complaint_source, "online")
