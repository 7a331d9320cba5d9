import json
import logging
import re
import secrets
from datetime import timedelta, timezone

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.kia_base.models.fleet_vehicle import _PLATE_RE

_logger = logging.getLogger(__name__)

STATES = [
    ("pending", "To Send"),
    ("held", "Held (Data Check Failed)"),
    ("sent", "Sent, Awaiting Answer"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("retrying", "Retrying"),
]
# To send by the cron; "sent" records are asked again (idempotent) until the platform answers.
TO_SEND = ("pending", "retrying", "sent")
# A VIN is 17 letters and digits without I, O or Q. Its check digit (9th character) is not
# checked here: the platforms check the format only, and China-market VINs (GB 16735) are not
# required to carry a valid North-American check digit; Kia's own vehicles are checked when
# they are entered (kia_base).
VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
# New-energy plates (8 characters) put D or F (the power type) first or last after the
# issuing-office letter.
NEV_PLATE_RE = re.compile(
    r"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]"
    r"(?:[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])$"
)
TOKEN_MARGIN = timedelta(seconds=60)


class _Transient(Exception):
    """A network error, a timeout or a server error: the record is retried later."""


class KiaHealthRecord(models.Model):
    """The vehicle maintenance electronic health record (汽车维修电子健康档案) of one settled
    repair order, with the 13 data elements the regulation (交通运输部令2016年第37号) asks for,
    the payload sent and the platform's answers. Built by the system at settlement, sent by the
    upload cron; an amended record (correction) follows a credit note or a new invoice."""

    _name = "kia.health.record"
    _description = "Vehicle Health Record Upload"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, required=True)
    company_id = fields.Many2one(
        "res.company", string="Dealer", required=True, readonly=True, index=True
    )
    repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        required=True,
        readonly=True,
        index=True,
        check_company=True,
    )
    platform_id = fields.Many2one("kia.health.platform", readonly=True, index=True)
    kind = fields.Selection(
        [("original", "Original"), ("correction", "Correction")],
        default="original",
        required=True,
        readonly=True,
        index=True,
    )
    original_id = fields.Many2one(
        "kia.health.record", string="Corrects", readonly=True, index="btree_not_null"
    )
    correction_ids = fields.One2many("kia.health.record", "original_id", string="Corrections")
    revision = fields.Integer(readonly=True, default=0)
    correction_reason = fields.Char(readonly=True)
    # The 13 data elements
    business_name = fields.Char(readonly=True)
    vin = fields.Char(string="VIN", readonly=True, index="trigram")
    plate = fields.Char(readonly=True, index="trigram")
    date_in = fields.Date(readonly=True)
    odometer = fields.Float(string="Odometer In (km)", readonly=True)
    settlement_date = fields.Datetime(string="Settled On", readonly=True, index=True)
    settlement_number = fields.Char(readonly=True, index=True)
    fault_description = fields.Text(readonly=True)
    repair_items = fields.Text(readonly=True)
    labour_hours = fields.Float(readonly=True)
    part_names = fields.Text(readonly=True)
    part_codes = fields.Text(readonly=True)
    part_quantities = fields.Text(readonly=True)
    payload = fields.Text(readonly=True, help="The JSON sent to the platform.")
    # The queue
    state = fields.Selection(
        STATES, default="pending", required=True, readonly=True, index=True, tracking=True
    )
    hold_reason = fields.Text(string="Why Held", readonly=True)
    platform_message = fields.Text(string="Platform's Answer", readonly=True)
    platform_record_id = fields.Char(string="Platform Record ID", readonly=True)
    try_count = fields.Integer(string="Attempts", readonly=True)
    next_try = fields.Datetime(string="Next Attempt", readonly=True, index=True)
    sent_date = fields.Datetime(string="Last Sent On", readonly=True)
    accepted_date = fields.Datetime(string="Accepted On", readonly=True, tracking=True)

    _sql_constraints = [
        (
            "revision_uniq",
            "unique(repair_id, revision)",
            "A repair order has one health record per revision.",
        )
    ]

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        built = self.env._("settling the repair order, or the Resend button")
        sender = self.env._("the upload to the platform, or the Resend button")
        res.update(
            dict.fromkeys(
                (
                    "name",
                    "company_id",
                    "repair_id",
                    "platform_id",
                    "kind",
                    "original_id",
                    "revision",
                    "correction_reason",
                    "business_name",
                    "vin",
                    "plate",
                    "date_in",
                    "odometer",
                    "settlement_date",
                    "settlement_number",
                    "fault_description",
                    "repair_items",
                    "labour_hours",
                    "part_names",
                    "part_codes",
                    "part_quantities",
                    "payload",
                ),
                built,
            )
        )
        res.update(
            dict.fromkeys(
                (
                    "state",
                    "hold_reason",
                    "platform_message",
                    "platform_record_id",
                    "try_count",
                    "next_try",
                    "sent_date",
                    "accepted_date",
                ),
                sender,
            )
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        """A record given only its repair order (data files) gets its elements and payload
        built from it."""
        Repair = self.env["repair.order"]
        for vals in vals_list:
            if vals.get("repair_id") and not vals.get("payload"):
                repair = Repair.browse(vals["repair_id"])
                built = self._kia_values(
                    repair,
                    fields.Datetime.to_datetime(vals.get("settlement_date"))
                    or fields.Datetime.now(),
                    vals.get("revision", 0),
                )
                built.update(name=repair.name, company_id=repair.company_id.id)
                vals.update({key: value for key, value in built.items() if key not in vals})
        return super().create(vals_list)

    # ------------------------------------------------------------------ building

    @api.model
    def _kia_elements(self, repair, settlement_date):
        """The 13 data elements of ``repair`` and its payload (a dict, as sent)."""
        services = repair.repair_service_ids.filtered(
            lambda line: line.kia_approval_state != "declined"
        )
        moves = repair.move_ids.filtered(
            lambda m: m.repair_line_type == "add" and m.state != "cancel"
        )
        items = [
            {
                "name": line.kia_labor_operation_id.name or line.product_id.name or "",
                "code": line.kia_labor_operation_id.code or "",
                "hours": round(line.product_uom_qty, 2),
            }
            for line in services
        ]
        parts = [
            {
                "name": move.product_id.name or "",
                "code": move.product_id.default_code or "",
                "quantity": round(move.product_uom_qty, 3),
            }
            for move in moves
        ]
        vehicle = repair.vehicle_id
        date_in = (repair.kia_confirm_date or repair.create_date or fields.Datetime.now()).date()
        company = repair.company_id
        fault = (repair.kia_customer_words or repair.internal_notes or "").strip()
        fault = re.sub(r"<[^>]+>", "", fault)
        payload = {
            "enterprise_code": company.kia_ehr_enterprise_code or "",
            "business_name": company.name,
            "vin": vehicle.vin_sn or "",
            "plate": vehicle.license_plate or "",
            "date_in": fields.Date.to_string(date_in),
            "odometer_in": repair.kia_odometer_in,
            "settlement_date": fields.Datetime.to_string(settlement_date),
            "settlement_number": repair.name,
            "fault_description": fault,
            "repair_items": items,
            "labour_hours": round(sum(item["hours"] for item in items), 2),
            "parts": parts,
        }
        return {
            "business_name": payload["business_name"],
            "vin": payload["vin"],
            "plate": payload["plate"],
            "date_in": date_in,
            "odometer": repair.kia_odometer_in,
            "settlement_date": settlement_date,
            "settlement_number": repair.name,
            "fault_description": fault,
            "repair_items": "\n".join(f"{i['code']} {i['name']} ({i['hours']} h)" for i in items),
            "labour_hours": payload["labour_hours"],
            "part_names": "\n".join(p["name"] for p in parts),
            "part_codes": "\n".join(p["code"] for p in parts),
            "part_quantities": "\n".join(str(p["quantity"]) for p in parts),
            "payload_dict": payload,
        }

    @api.model
    def _kia_problems(self, payload):
        """What keeps a payload from being sent, as translated sentences."""
        problems = []
        vin = payload.get("vin") or ""
        if not VIN_RE.match(vin):
            problems.append(
                self.env._(
                    "VIN %(vin)s is not valid: 17 letters and digits, without I, O or Q.",
                    vin=vin or "—",
                )
            )
        plate = payload.get("plate") or ""
        # kia_base takes any 8-character plate; the platform wants a new-energy one's D/F.
        plate_re = NEV_PLATE_RE if len(plate) == 8 else _PLATE_RE
        if not plate_re.match(plate):
            problems.append(
                self.env._(
                    "Plate %(plate)s is not a Chinese plate (7 characters, or 8 for a "
                    "new-energy plate).",
                    plate=plate or "—",
                )
            )
        if not payload.get("odometer_in"):
            problems.append(self.env._("The odometer reading at reception is missing."))
        if not payload.get("repair_items"):
            problems.append(self.env._("The repair order has no repair item."))
        missing = list(
            dict.fromkeys(p["name"] for p in payload.get("parts", []) if not p.get("code"))
        )
        if missing:
            problems.append(
                self.env._(
                    "These parts have no part code (internal reference): %(parts)s.",
                    parts=", ".join(missing),
                )
            )
        if not payload.get("enterprise_code"):
            problems.append(
                self.env._("The dealer's enterprise code on the platform is not set in Settings.")
            )
        return problems

    @api.model
    def _kia_values(self, repair, settlement_date, revision=0):
        """Values of a (re)built record: its elements, payload and state."""
        values = self._kia_elements(repair, settlement_date)
        payload = values.pop("payload_dict")
        payload["revision"] = revision
        problems = self._kia_problems(payload)
        values.update(
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
            platform_id=repair.company_id.kia_ehr_platform_id.id,
            state="held" if problems else "pending",
            hold_reason="\n".join(problems) or False,
            platform_message=False,
            try_count=0,
            next_try=False,
        )
        return values

    @api.model
    def _kia_queue(self, repairs, reason=None):
        """Queue the records of settled ``repairs``: the first settlement builds the original
        record; a later change (credit note, new invoice) rebuilds a record the platform has
        not seen yet, or queues a correction linked to the original."""
        if not repairs:
            return self
        # sudo: the health record is the system's copy of the settlement, built when the
        # advisor delivers or the accountant posts; neither creates or edits it by hand.
        Record = self.sudo()
        existing = Record.search([("repair_id", "in", repairs.ids)], order="revision")
        now = fields.Datetime.now()
        new_values = []
        for repair in repairs:
            records = existing.filtered(lambda r, repair=repair: r.repair_id == repair)
            if not records:
                values = self._kia_values(repair, now)
                values.update(
                    name=repair.name, company_id=repair.company_id.id, repair_id=repair.id
                )
                new_values.append(values)
                continue
            original = records.filtered(lambda r: r.kind == "original")
            last = records[-1]
            if last.state in ("pending", "held", "rejected"):
                # Not on the platform yet: send the settlement as it is now.
                last.write(self._kia_values(repair, last.settlement_date, last.revision))
                continue
            revision = last.revision + 1
            values = self._kia_values(repair, original.settlement_date, revision)
            values.update(
                name=f"{repair.name}-{revision}",
                company_id=repair.company_id.id,
                repair_id=repair.id,
                kind="correction",
                original_id=original.id,
                revision=revision,
                correction_reason=reason,
            )
            new_values.append(values)
        return Record.create(new_values)

    # ------------------------------------------------------------------ actions

    def action_kia_resend(self):
        """After correcting the repair order or the dealer's settings: rebuild a rejected or
        held record from the repair order and queue it again."""
        self._kia_require_groups("kia_base.group_service_manager", action=self.env._("resend"))
        if self.filtered(lambda r: r.state not in ("rejected", "held")):
            raise UserError(self.env._("Only a rejected or held record can be sent again."))
        for record in self:
            values = record._kia_values(record.repair_id, record.settlement_date, record.revision)
            with record._kia_unlocked():
                record.write(values)
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    # ------------------------------------------------------------------ sending

    @api.model
    def _cron_send(self, limit=200):
        """Send what is due, oldest first; rows another worker is sending are skipped."""
        now = fields.Datetime.now()
        self.flush_model(["state", "next_try", "original_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id FROM kia_health_record r
                  LEFT JOIN kia_health_record o ON o.id = r.original_id
                 WHERE r.state IN %(states)s
                   AND (r.next_try IS NULL OR r.next_try <= %(now)s)
                   AND (r.original_id IS NULL OR o.state = 'accepted')
                 ORDER BY r.id
                 LIMIT %(limit)s
                   FOR NO KEY UPDATE OF r SKIP LOCKED
                """,
                states=TO_SEND,
                now=now,
                limit=limit,
            )
        )
        records = self.browse([row[0] for row in self.env.cr.fetchall()])
        records._kia_send()
        return True

    def _kia_send(self):
        # sudo: sending reads the dealer's secret and token, which no dealer user may read,
        # and writes the queue's protected fields; callers are the cron and the system.
        records = self.sudo()
        with requests.Session() as session:
            for record in records:
                record._kia_send_one(session)

    def _kia_send_one(self, session):
        self.ensure_one()
        payload = json.loads(self.payload or "{}")
        problems = self._kia_problems(payload)
        if problems:
            self.write({"state": "held", "hold_reason": "\n".join(problems)})
            return
        platform = self.platform_id or self.company_id.kia_ehr_platform_id
        if not platform:
            self._kia_retry(self.env._("No health record platform is set for this dealer."))
            return
        url = platform.correction_url if self.kind == "correction" else platform.upload_url
        body = self.payload
        self.write({"sent_date": fields.Datetime.now(), "platform_id": platform.id})
        try:
            response = None
            for attempt in range(2):
                token = self._kia_token(platform, session, force=bool(attempt))
                headers = self._kia_headers(platform, body)
                headers[platform.header_token] = f"{platform.token_prefix or ''}{token}"
                response = session.post(
                    url, data=body.encode(), headers=headers, timeout=platform.timeout
                )
                if response.status_code != 401:
                    break
            if response.status_code == 401 or response.status_code >= 500:
                raise _Transient(
                    self.env._(
                        "The platform answered %(code)s: %(text)s",
                        code=response.status_code,
                        text=response.text[:500],
                    )
                )
        except requests.RequestException as error:
            self._kia_retry(self.env._("Network error: %(error)s", error=str(error)[:500]))
            return
        except _Transient as error:
            self._kia_retry(str(error))
            return
        self._kia_apply_answer(response)

    def _kia_apply_answer(self, response):
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        status = answer.get("status")
        message = answer.get("message") or response.text[:500]
        if response.status_code in (200, 201, 409) and status in ("accepted", "duplicate"):
            self.write(
                {
                    "state": "accepted",
                    "accepted_date": fields.Datetime.now(),
                    "platform_record_id": answer.get("record_id"),
                    "platform_message": message,
                    "next_try": False,
                }
            )
        elif response.status_code == 202 and status == "received":
            # The platform checks the record later: asked again (idempotent) next run.
            self.write({"state": "sent", "platform_message": message, "next_try": False})
        else:
            self.write({"state": "rejected", "platform_message": message, "next_try": False})
            self._kia_notify_rejection(message)

    def _kia_retry(self, message):
        platform = self.platform_id or self.company_id.kia_ehr_platform_id
        tries = self.try_count + 1
        first = platform.retry_minutes or 5
        longest = platform.retry_max_minutes or 720
        wait = min(first * 2 ** (tries - 1), longest)
        self.write(
            {
                "state": "retrying",
                "try_count": tries,
                "next_try": fields.Datetime.now() + timedelta(minutes=wait),
                "platform_message": message,
            }
        )

    def _kia_notify_rejection(self, message):
        """The dealer's service manager gets the platform's reason as an activity."""
        company = self.company_id
        managers = self.env.ref("kia_base.group_service_manager").users.filtered(
            lambda u: not u.share and company in u.company_ids
        )
        manager = (managers.filtered(lambda u: u.company_id == company) or managers).sorted("id")[
            :1
        ]
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self._kia_lang_env()._("Health record rejected by the platform"),
            note=message,
            user_id=manager.id or self.env.uid,
        )

    def _kia_headers(self, platform, body):
        company = self.company_id
        timestamp = str(int(fields.Datetime.now().replace(tzinfo=timezone.utc).timestamp()))
        nonce = secrets.token_hex(16)
        return {
            "Content-Type": "application/json; charset=utf-8",
            platform.header_app_key: company.kia_ehr_app_key or "",
            platform.header_timestamp: timestamp,
            platform.header_nonce: nonce,
            platform.header_signature: platform._kia_sign(
                company.kia_ehr_secret or "", company.kia_ehr_app_key or "", timestamp, nonce, body
            ),
        }

    def _kia_token(self, platform, session, force=False):
        """The dealer's token, asked for again when it is missing, about to expire or refused
        (``force``), and kept on the company until it expires."""
        company = self.company_id
        now = fields.Datetime.now()
        if (
            not force
            and company.kia_ehr_token
            and company.kia_ehr_token_expiry
            and company.kia_ehr_token_expiry > now + TOKEN_MARGIN
        ):
            return company.kia_ehr_token
        body = json.dumps(
            {
                "enterprise_code": company.kia_ehr_enterprise_code,
                "app_key": company.kia_ehr_app_key,
            },
            sort_keys=True,
        )
        response = session.post(
            platform.token_url,
            data=body.encode(),
            headers=self._kia_headers(platform, body),
            timeout=platform.timeout,
        )
        if response.status_code != 200:
            raise _Transient(
                self.env._(
                    "The platform refused a token (%(code)s): %(text)s",
                    code=response.status_code,
                    text=response.text[:500],
                )
            )
        answer = response.json()
        company.write(
            {
                "kia_ehr_token": answer["access_token"],
                "kia_ehr_token_expiry": now + timedelta(seconds=int(answer["expires_in"])),
            }
        )
        return answer["access_token"]
