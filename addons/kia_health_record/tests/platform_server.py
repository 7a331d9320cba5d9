"""A province's vehicle maintenance electronic health record platform, served on the loopback
interface for the tests: the contract of the add-on's README (token, upload and correction
endpoints), checked the way a platform checks it, and faults the tests switch on.

Nothing here imports the add-on: the signature is computed again from the contract."""

import base64
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_logger = logging.getLogger(__name__)

# The 13 data elements of the regulation, as the payload names them.
ELEMENTS = (
    "business_name",
    "vin",
    "plate",
    "date_in",
    "odometer_in",
    "settlement_date",
    "settlement_number",
    "fault_description",
    "repair_items",
    "labour_hours",
    "parts",
)
ITEM_KEYS = ("name", "hours")
PART_KEYS = ("name", "code", "quantity")
HASHES = {"sha256": hashlib.sha256, "sha1": hashlib.sha1, "sha512": hashlib.sha512}
# Faults the tests queue for the next upload or correction calls, in order:
#   timeout       the record is stored, the answer comes after ``delay`` seconds (too late)
#   500           an internal error, nothing stored
#   drop          the connection is closed without an answer, nothing stored
#   expire_token  every token is forgotten before the call (401)
#   reject        the record is refused with ``reject_message`` (422)
#   received      the record is stored, the answer is "received, checked later" (202)
FAULTS = ("timeout", "500", "drop", "expire_token", "reject", "received")


class PlatformServer:
    def __init__(
        self,
        credentials,
        covers="timestamp_nonce_body",
        algorithm="sha256",
        encoding="hex",
        token_ttl=7200,
    ):
        # {app_key: (enterprise_code, secret)}
        self.credentials = dict(credentials)
        self.covers = covers
        self.algorithm = algorithm
        self.encoding = encoding
        self.token_ttl = token_ttl
        # Longer than the client waits: Odoo's test framework raises a request's timeout
        # to 10 s at least.
        self.delay = 11.0
        self.reject_message = "维修项目与结算清单不符"
        self.lock = threading.Lock()
        self.tokens = {}  # token: enterprise code
        self.records = {}  # settlement number: stored payload
        self.corrections = {}  # (settlement number, revision): stored payload
        self.stored = Counter()  # how many times each settlement number/revision was stored
        self.calls = Counter()  # token / upload / correction requests received
        self.nonces = set()
        self.faults = []
        self.httpd = None
        self.thread = None

    # -- life cycle ---------------------------------------------------------------------

    def start(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                server._handle(self)

            def log_message(self, *args):
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def endpoints(self):
        return {
            "token_url": f"{self.url}/api/token",
            "upload_url": f"{self.url}/api/records",
            "correction_url": f"{self.url}/api/records/correction",
        }

    # -- contract -----------------------------------------------------------------------

    def sign(self, secret, app_key, timestamp, nonce, body):
        parts = {
            "body": [body],
            "timestamp_nonce_body": [timestamp, nonce, body],
            "key_timestamp_nonce_body": [app_key, timestamp, nonce, body],
        }[self.covers]
        digest = hmac.new(
            secret.encode(), "\n".join(parts).encode(), HASHES[self.algorithm]
        ).digest()
        if self.encoding == "base64":
            return base64.b64encode(digest).decode()
        return digest.hex()

    def _handle(self, request):
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length).decode()
        path = request.path
        kind = {"/api/token": "token", "/api/records": "upload"}.get(path)
        if path == "/api/records/correction":
            kind = "correction"
        if not kind:
            return self._answer(request, 404, {"status": "not_found"})
        with self.lock:
            self.calls[kind] += 1
            fault = self.faults.pop(0) if kind != "token" and self.faults else None
        app_key = request.headers.get("X-App-Key", "")
        error = self._check_signature(request, app_key, body)
        if error:
            return self._answer(request, 403, {"status": "rejected", "message": error})
        if kind == "token":
            return self._token(request, app_key, body)
        if fault == "expire_token":
            with self.lock:
                self.tokens.clear()
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        with self.lock:
            enterprise = self.tokens.get(token)
        if not enterprise:
            return self._answer(request, 401, {"status": "unauthorized", "message": "token"})
        if fault == "500":
            return self._answer(request, 500, {"status": "error", "message": "内部错误"})
        if fault == "drop":
            request.close_connection = True
            request.connection.close()
            return None
        if fault == "reject":
            return self._answer(
                request, 422, {"status": "rejected", "message": self.reject_message}
            )
        payload = json.loads(body)
        missing = self._missing(payload, enterprise)
        if missing:
            return self._answer(
                request, 422, {"status": "rejected", "message": "缺少数据项: " + ", ".join(missing)}
            )
        number = payload["settlement_number"]
        with self.lock:
            if kind == "upload":
                key, store = number, self.records
            else:
                if number not in self.records:
                    return self._answer(
                        request, 422, {"status": "rejected", "message": "原记录不存在"}
                    )
                key, store = (number, payload.get("revision")), self.corrections
            if key in store:
                answer = (
                    409,
                    {
                        "status": "duplicate",
                        "record_id": store[key]["record_id"],
                        "message": "记录已存在",
                    },
                )
            else:
                record_id = f"EHR-{len(self.records) + len(self.corrections) + 1:06d}"
                store[key] = dict(payload, record_id=record_id)
                self.stored[key] += 1
                answer = (
                    200,
                    {"status": "accepted", "record_id": record_id, "message": "上传成功"},
                )
        if fault == "received":
            return self._answer(request, 202, {"status": "received", "message": "已接收，待审核"})
        if fault == "timeout":
            # A lock's own timeout counts real seconds, also while a test freezes the clock
            # (an Event would not wait at all then).
            gate = threading.Lock()
            gate.acquire()
            gate.acquire(timeout=self.delay)
        return self._answer(request, *answer)

    def _missing(self, payload, enterprise):
        """The data elements a payload lacks or leaves empty."""
        missing = [key for key in ELEMENTS if key not in payload]
        if not payload.get("repair_items"):
            missing.append("repair_items")
        missing += [
            f"repair_items.{key}"
            for item in payload.get("repair_items") or []
            for key in ITEM_KEYS
            if item.get(key) in (None, "")
        ]
        missing += [
            f"parts.{key}"
            for part in payload.get("parts") or []
            for key in PART_KEYS
            if part.get(key) in (None, "")
        ]
        if payload.get("enterprise_code") != enterprise:
            missing.append("enterprise_code")
        return missing

    def _check_signature(self, request, app_key, body):
        if app_key not in self.credentials:
            return "unknown app key"
        timestamp = request.headers.get("X-Timestamp", "")
        nonce = request.headers.get("X-Nonce", "")
        if not timestamp.isdigit() or not nonce:
            return "timestamp and nonce are required"
        with self.lock:
            if nonce in self.nonces:
                return "nonce already used"
            self.nonces.add(nonce)
        expected = self.sign(self.credentials[app_key][1], app_key, timestamp, nonce, body)
        if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")):
            return "签名错误"
        return None

    def _token(self, request, app_key, body):
        payload = json.loads(body or "{}")
        enterprise = self.credentials[app_key][0]
        if payload.get("enterprise_code") != enterprise:
            return self._answer(request, 403, {"status": "rejected", "message": "企业编码错误"})
        token = secrets.token_hex(16)
        with self.lock:
            self.tokens[token] = enterprise
        return self._answer(
            request,
            200,
            {"access_token": token, "expires_in": self.token_ttl, "issued": time.time()},
        )

    def _answer(self, request, code, data):
        raw = json.dumps(data, ensure_ascii=False).encode()
        try:
            request.send_response(code)
            request.send_header("Content-Type", "application/json; charset=utf-8")
            request.send_header("Content-Length", str(len(raw)))
            request.end_headers()
            request.wfile.write(raw)
        except OSError as error:
            # The client gave up waiting (the timeout fault).
            _logger.info("Test platform: the client left before the answer: %s", error)
