from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .fleet_vehicle import IDENTITY_COPY_FIELDS, NETWORK_FIELDS, USE_TYPES, normalize_code


class KiaVehicle(models.Model):
    """One record per VIN for the whole network, owned by head office: what the car is and how
    it was sold. Each dealer keeps its own fleet.vehicle file (owner, driver, contacts, notes,
    reminders) linked to it; a dealer never sees another dealer's file."""

    _name = "kia.vehicle"
    _inherit = ["kia.hq.owned.mixin"]
    _description = "Network Vehicle"
    _rec_name = "vin"
    _order = "vin"

    vin = fields.Char(string="VIN", required=True, index="trigram")
    model_id = fields.Many2one("fleet.vehicle.model")
    model_year = fields.Char()
    engine_no = fields.Char(string="Engine Number")
    sale_date = fields.Date(help="Date on the purchase invoice: the warranty starts that day.")
    selling_company_id = fields.Many2one(
        "res.company",
        string="Selling Dealer",
        help="The dealer that sold the vehicle new.",
    )
    use_type = fields.Selection(USE_TYPES, default="private")
    warranty_start = fields.Date(
        compute="_compute_warranty_start",
        store=True,
        readonly=False,
        help="The sale date unless head office decided another start.",
    )
    fleet_vehicle_ids = fields.One2many("fleet.vehicle", "kia_vehicle_id", string="Dealer Files")

    _sql_constraints = [
        ("vin_uniq", "unique(vin)", "The network keeps one vehicle identity per VIN."),
    ]

    def _kia_hq_owned(self):
        # No company: every identity is head office's.
        return self

    def _kia_check_hq_owned(self):
        if (
            not self
            or self.env.su
            or any(self.env.user.has_group(group) for group in self._kia_hq_groups())
        ):
            return
        raise AccessError(
            self.env._(
                "Vehicle %(vin)s: its model, engine number, sale date, selling dealer, use type "
                "and warranty start are the network's facts and only head office can change "
                "them. Ask head office's warranty department to correct them.",
                vin=self[:1].vin or "-",
            )
        )

    @api.depends("sale_date")
    def _compute_warranty_start(self):
        for vehicle in self:
            vehicle.warranty_start = vehicle.sale_date

    @api.model
    def _kia_identities_for(self, vins_vals):
        """{vin: identity} for the given {vin: fleet.vehicle vals}: the existing identities,
        blanks filled from the vals, and new ones created for unknown VINs. The suite's own
        action: runs as superuser, the caller is creating or relinking its dealer file."""
        vins_vals = {normalize_code(vin): vals for vin, vals in vins_vals.items() if vin}
        if not vins_vals:
            return {}
        # sudo: identities are head office's; linking a dealer's file to its VIN is the suite's
        # action, whatever the dealer's role, and needs no write right on them.
        Identity = self.sudo()
        found = {
            identity.vin: identity for identity in Identity.search([("vin", "in", list(vins_vals))])
        }
        to_create = []
        for vin, vals in vins_vals.items():
            identity_vals = {
                target: vals[source]
                for source, target in {**NETWORK_FIELDS, **IDENTITY_COPY_FIELDS}.items()
                if vals.get(source)
            }
            if vin in found:
                blanks = {key: value for key, value in identity_vals.items() if not found[vin][key]}
                if blanks:
                    found[vin].write(blanks)
            else:
                to_create.append({"vin": vin, **identity_vals})
        for identity in Identity.create(to_create):
            found[identity.vin] = identity
        return found

    @api.model
    def _kia_link_fleet_vehicles(self, recompute=True):
        """Make one identity per VIN from the dealers' files and link every file to it, merging
        duplicates: the facts of the file with the earliest sale date win (then the oldest
        file), a blank engine number or model year is taken from any other file of the VIN.
        Set-based SQL (migration, network generator): returns the number of files linked."""
        cr = self.env.cr
        self.env["fleet.vehicle"].flush_model()
        self.flush_model()
        cr.execute(
            SQL(
                """
                INSERT INTO kia_vehicle (vin, model_id, model_year, engine_no, sale_date,
                                         warranty_start, selling_company_id, use_type,
                                         create_uid, create_date, write_uid, write_date)
                SELECT DISTINCT ON (f.vin_sn)
                       f.vin_sn, f.model_id,
                       COALESCE(f.model_year, max(f.model_year) OVER w),
                       COALESCE(f.kia_engine_no, max(f.kia_engine_no) OVER w),
                       f.kia_sale_date, f.kia_sale_date, f.kia_selling_company_id,
                       COALESCE(f.kia_use_type, 'private'),
                       %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM fleet_vehicle f
                 WHERE f.vin_sn IS NOT NULL AND f.kia_vehicle_id IS NULL
                   AND NOT EXISTS (SELECT 1 FROM kia_vehicle k WHERE k.vin = f.vin_sn)
                WINDOW w AS (PARTITION BY f.vin_sn)
                 ORDER BY f.vin_sn, f.kia_sale_date NULLS LAST, f.id
                """,
                uid=self.env.uid,
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE fleet_vehicle f
                   SET kia_vehicle_id = k.id
                  FROM kia_vehicle k
                 WHERE k.vin = f.vin_sn AND f.kia_vehicle_id IS NULL
             RETURNING f.id
                """
            )
        )
        linked = [row[0] for row in cr.fetchall()]
        # The files' network fields now follow the identity.
        cr.execute(
            SQL(
                """
                UPDATE fleet_vehicle f
                   SET kia_sale_date = k.sale_date, kia_use_type = k.use_type,
                       kia_selling_company_id = k.selling_company_id,
                       kia_engine_no = k.engine_no
                  FROM kia_vehicle k
                 WHERE f.id = ANY(%s) AND k.id = f.kia_vehicle_id
                """,
                linked,
            )
        )
        self.env.invalidate_all()
        if recompute:
            self.env["fleet.vehicle"].browse(linked).modified(list(NETWORK_FIELDS))
        return len(linked)
