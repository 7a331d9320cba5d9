import time

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq

SESSION_KEY = "kia_kiosk"
KIOSK_ROLES = ("kia_base.group_foreman", "kia_base.group_service_manager")
TECHNICIAN = "kia_base.group_technician"


class KiaWorkshopKiosk(http.Controller):
    """The workshop kiosk 车间看板终端. In kiosk mode the foreman opens it on a shared screen and
    each technician identifies with his badge or PIN; in phone mode the technician, logged in
    himself, works on his own jobs. Either way every action runs the job's own methods as the
    technician, with his rights: identity is decided here, never by the browser."""

    # -- identity ---------------------------------------------------------------------------

    def _kiosk_opener(self):
        """The foreman (or service manager) whose shared screen this is; refused otherwise."""
        user = request.env.user
        if not any(user.has_group(role) for role in KIOSK_ROLES):
            raise AccessError(
                request.env._("Only a workshop foreman or a service manager opens the kiosk.")
            )
        return user

    def _kiosk_technicians(self):
        """The technicians who may identify on the opener's kiosk: his current company's."""
        company = request.env.company
        # sudo: the foreman lists his own company's technicians by name, and nothing else.
        return (
            request.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", request.env.ref(TECHNICIAN).id),
                    ("company_ids", "in", company.id),
                    ("share", "=", False),
                ],
                order="name",
            )
        )

    def _technician(self, mode):
        """The technician the kiosk acts for: the user himself in phone mode, the one
        identified on this session in kiosk mode (signed out after the company's idle time)."""
        if mode == "phone":
            if not request.env.user.has_group(TECHNICIAN):
                raise AccessError(request.env._("Only a technician works on his jobs here."))
            return request.env.user
        opener = self._kiosk_opener()
        data = request.session.get(SESSION_KEY) or {}
        idle = request.env.company.kia_kiosk_idle_seconds
        if (
            not data.get("technician")
            or data.get("opener") != opener.id
            or data.get("company") != request.env.company.id
            or time.time() - data.get("seen", 0) > idle
        ):
            request.session.pop(SESSION_KEY, None)
            raise AccessError(request.env._("Identify with your badge or PIN first."))
        technician = self._kiosk_technicians().filtered(lambda u: u.id == data["technician"])
        if not technician:
            request.session.pop(SESSION_KEY, None)
            raise AccessError(request.env._("Identify with your badge or PIN first."))
        data["seen"] = time.time()
        request.session[SESSION_KEY] = data
        return technician

    def _jobs_env(self, mode):
        """kia.repair.job as the technician: his rights, his record rules, the screen's
        language."""
        technician = self._technician(mode)
        company = request.env.company
        return (
            request.env["kia.repair.job"]
            .with_user(technician)
            .with_context(allowed_company_ids=[company.id])
            .sudo(False)
        )

    def _refused(self, error):
        return {"error": error.args[0] if error.args else str(error)}

    # -- routes -----------------------------------------------------------------------------

    @http.route("/kia_service/kiosk/open", type="json", auth="user")
    def kiosk_open(self, mode="kiosk"):
        env = request.env
        reasons = env["kia.repair.job"]._fields["pause_reason"]._description_selection(env)
        # The labor operations a technician may pick when he reports additional work.
        operations = env["kia.labor.operation"].search_read(
            [], ["id", "code", "name"], order="code", limit=300
        )
        values = {
            "mode": mode,
            "company": env.company.name,
            "pause_reasons": [{"value": key, "label": label} for key, label in reasons],
            "operations": operations,
            "idle_seconds": env.company.kia_kiosk_idle_seconds,
        }
        try:
            if mode == "phone":
                values["technician"] = {"id": env.user.id, "name": env.user.name}
                self._technician(mode)
            else:
                self._kiosk_opener()
                request.session.pop(SESSION_KEY, None)
                values["technicians"] = [
                    {"id": user.id, "name": user.name} for user in self._kiosk_technicians()
                ]
        except AccessError as error:
            return self._refused(error)
        return values

    @http.route("/kia_service/kiosk/identify", type="json", auth="user")
    def kiosk_identify(self, user_id=None, pin=None, badge=None, mode="kiosk"):
        """A technician identifies on the shared screen: his name and PIN, or his badge. A
        wrong one is refused and counted; too many in a row block the kiosk for a while."""
        try:
            opener = self._kiosk_opener()
        except AccessError as error:
            return self._refused(error)
        request.session.pop(SESSION_KEY, None)
        if opener._kia_kiosk_blocked():
            return {
                "error": request.env._(
                    "Too many wrong PINs or badges: the kiosk is blocked for a while. Ask the "
                    "foreman."
                )
            }
        technicians = self._kiosk_technicians()
        technician = request.env["res.users"]
        badge = (badge or "").strip()
        pin = (pin or "").strip()
        if badge:
            technician = technicians.filtered(
                lambda u: u.kia_kiosk_badge and consteq(u.kia_kiosk_badge.encode(), badge.encode())
            )
        elif user_id and pin:
            technician = technicians.filtered(
                lambda u: (
                    u.id == int(user_id)
                    and u.kia_kiosk_pin
                    and consteq(u.kia_kiosk_pin.encode(), pin.encode())
                )
            )
        if len(technician) != 1:
            blocked = opener._kia_kiosk_count_failure()
            if blocked:
                message = request.env._(
                    "Too many wrong PINs or badges: the kiosk is blocked for a while. Ask the "
                    "foreman."
                )
            elif badge:
                message = request.env._("Unknown badge.")
            else:
                message = request.env._("Wrong PIN.")
            return {"error": message}
        opener._kia_kiosk_reset_failures()
        request.session[SESSION_KEY] = {
            "technician": technician.id,
            "opener": opener.id,
            "company": request.env.company.id,
            "seen": time.time(),
        }
        return {"technician": {"id": technician.id, "name": technician.name}}

    @http.route("/kia_service/kiosk/leave", type="json", auth="user")
    def kiosk_leave(self, mode="kiosk"):
        request.session.pop(SESSION_KEY, None)
        return True

    @http.route("/kia_service/kiosk/jobs", type="json", auth="user")
    def kiosk_jobs(self, mode="kiosk"):
        try:
            return {"jobs": self._jobs_env(mode).kia_kiosk_jobs()}
        except AccessError as error:
            return self._refused(error)

    @http.route("/kia_service/kiosk/clock", type="json", auth="user")
    def kiosk_clock(self, job_id, action, mode="kiosk", reason=None):
        """Start, pause or finish one of the technician's jobs, by the job's own buttons."""
        try:
            with request.env.cr.savepoint():
                jobs = self._jobs_env(mode)
                job = jobs.browse(int(job_id))
                if action == "start":
                    job.action_start()
                elif action == "pause":
                    job.action_pause(reason=reason)
                elif action == "finish":
                    job.action_finish()
                else:
                    raise UserError(request.env._("Unknown kiosk action."))
                return {"jobs": jobs.kia_kiosk_jobs()}
        except (AccessError, UserError, ValidationError) as error:
            return self._refused(error)

    @http.route("/kia_service/kiosk/report", type="json", auth="user")
    def kiosk_report(
        self, job_id, mode="kiosk", description=None, labor_operation_id=None, photo=None
    ):
        """Report additional work found on the job's vehicle, with a photo."""
        try:
            with request.env.cr.savepoint():
                jobs = self._jobs_env(mode)
                jobs.browse(int(job_id)).action_report_added_work(
                    description=description,
                    labor_operation_id=labor_operation_id,
                    photo=photo,
                )
                return {"jobs": jobs.kia_kiosk_jobs()}
        except (AccessError, UserError, ValidationError) as error:
            return self._refused(error)
