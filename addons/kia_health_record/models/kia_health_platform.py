import base64
import hashlib
import hmac

from odoo import api, fields, models
from odoo.exceptions import ValidationError

HASHES = {
    "hmac_sha256": hashlib.sha256,
    "hmac_sha1": hashlib.sha1,
    "hmac_sha512": hashlib.sha512,
}


class KiaHealthPlatform(models.Model):
    """A province's vehicle maintenance electronic health record platform (汽车维修电子健康档案):
    where its API lives and how it wants requests signed. Head office keeps the provinces'
    profiles; a dealer whose province is missing adds its own."""

    _name = "kia.health.platform"
    _description = "Health Record Platform (Province)"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "name"

    name = fields.Char(string="Province Platform", required=True, translate=True)
    province = fields.Char(required=True, help="The province or municipality running it.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        index=True,
        help="Empty for head office's profiles, which every dealer uses; a dealer's own profile "
        "is seen by that dealer only.",
    )
    token_url = fields.Char(string="Token Endpoint", required=True)
    upload_url = fields.Char(string="Upload Endpoint", required=True)
    correction_url = fields.Char(string="Correction Endpoint", required=True)
    timeout = fields.Float(
        string="Timeout (s)", default=10.0, help="How long one call may take before it is retried."
    )
    retry_minutes = fields.Integer(
        string="First Retry After (min)",
        default=5,
        help="Wait before the first retry after a network error or a server error; each "
        "further retry waits twice as long.",
    )
    retry_max_minutes = fields.Integer(
        string="Longest Wait (min)",
        default=720,
        help="The wait between retries stops growing here.",
    )
    hash_algorithm = fields.Selection(
        [
            ("hmac_sha256", "HMAC-SHA256"),
            ("hmac_sha1", "HMAC-SHA1"),
            ("hmac_sha512", "HMAC-SHA512"),
        ],
        default="hmac_sha256",
        required=True,
    )
    signature_covers = fields.Selection(
        [
            ("body", "Body only"),
            ("timestamp_nonce_body", "Timestamp + nonce + body"),
            ("key_timestamp_nonce_body", "App key + timestamp + nonce + body"),
        ],
        default="timestamp_nonce_body",
        required=True,
        help="What the signature is computed over, joined by new lines in this order.",
    )
    signature_encoding = fields.Selection(
        [("hex", "Hexadecimal"), ("base64", "Base64")], default="hex", required=True
    )
    header_app_key = fields.Char(string="App Key Header", default="X-App-Key", required=True)
    header_timestamp = fields.Char(string="Timestamp Header", default="X-Timestamp", required=True)
    header_nonce = fields.Char(string="Nonce Header", default="X-Nonce", required=True)
    header_signature = fields.Char(string="Signature Header", default="X-Signature", required=True)
    header_token = fields.Char(string="Token Header", default="Authorization", required=True)
    token_prefix = fields.Char(default="Bearer ", help="Put before the token in its header.")

    @api.constrains("token_url", "upload_url", "correction_url", "timeout", "retry_minutes")
    def _check_endpoints(self):
        for platform in self:
            for url in (platform.token_url, platform.upload_url, platform.correction_url):
                if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
                    raise ValidationError(
                        self.env._(
                            "Endpoint %(url)s of %(platform)s must use HTTPS (plain HTTP is "
                            "allowed only on this machine, for tests).",
                            url=url,
                            platform=platform.name,
                        )
                    )
            if platform.timeout <= 0 or platform.retry_minutes <= 0:
                raise ValidationError(
                    self.env._(
                        "The timeout and the retry wait of %(platform)s must be positive.",
                        platform=platform.name,
                    )
                )

    def _kia_sign(self, secret, app_key, timestamp, nonce, body):
        """The signature of a request: the HMAC of what the profile says it covers."""
        self.ensure_one()
        parts = {
            "body": [body],
            "timestamp_nonce_body": [timestamp, nonce, body],
            "key_timestamp_nonce_body": [app_key, timestamp, nonce, body],
        }[self.signature_covers]
        digest = hmac.new(
            secret.encode(), "\n".join(parts).encode(), HASHES[self.hash_algorithm]
        ).digest()
        if self.signature_encoding == "base64":
            return base64.b64encode(digest).decode()
        return digest.hex()
