"""Load test of the Kia suite over HTTP JSON-RPC (scripts/load.sh runs it; see the README).

Three steps, each its own process:

``load.py prepare -c CONF -d DB --plan PLAN.json --users N``
    In Odoo (the ORM, as superuser): picks the generated dealers' staff for N simulated users
    (crews of five per dealer: advisor, foreman, technician, QC inspector, service manager,
    spread over the network), gives them a password of this run and writes the plan.
``load.py drive --plan PLAN.json --url http://127.0.0.1:PORT --users 10,30,60``
    Standard library only: N threads, each a user with its own session, make the web client's
    calls (onchange, web_save, call_button, web_search_read, the dashboard's data method) with
    a think time between actions, for a fixed time per N; prints per action the count,
    throughput, p50/p95 latency and errors as the client sees them, and writes what the clients
    got back (repair order ids, clock-ons) to the plan's result file.
``load.py verify -c CONF -d DB --plan PLAN.json``
    In Odoo again: every repair order a client created and got an id for exists once, none
    exists without a client, every clock-on a client got left one time log; prints the
    KIA-GOAL lines.
"""

import argparse
import base64
import functools
import http.client
import json
import os
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

# A dealer's crew: (role, the generator's login suffix). Without the dashboard, the service
# manager's place goes to the dealer's second advisor.
CREW = (
    ("advisor", "advisor1"),
    ("foreman", "foreman1"),
    ("tech", "tech1"),
    ("qc", "qc1"),
    ("manager", "manager1"),
)
CREW_WITHOUT_DASHBOARD = (*CREW[:-1], ("advisor", "advisor2"))
# The model of each role's screen, whose views a user's web client loads after logging in.
SCREENS = {
    "advisor": "repair.order",
    "foreman": "kia.repair.job",
    "tech": "kia.repair.job",
    "qc": "repair.order",
    "manager": None,
}
# Actions whose p95 answers the goal (below 1 s at 60 users): the forms' saves and the clock.
FORM_SAVES = ("RO form save", "job dispatch (form save)", "QC checklist save")
CLOCKING = ("clock on", "clock off")
GOAL_USERS = 60
GOAL_P95 = 1.0
# Users arrive one after another, this many seconds apart, as a shift starts: sixty logins in
# the same instant from this one process kept some clients from sending their request within
# the two seconds a prefork worker gives a connection (ODOO_HTTP_SOCKET_TIMEOUT), which then
# closed it unanswered. Not timed: the measured time starts when everyone is in.
LOGIN_INTERVAL = 0.2
SIGNATURE = Path(__file__).resolve().parent.parent / (
    "addons/kia_service/demo/customer_signature_demo.png"
)


# --- pure helpers (tested in tests/test_load_helpers.py) --------------------------------------


def percentile(values, share):
    """The nearest-rank percentile of ``values`` (0 < share <= 1); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil without float drift
    return ordered[int(rank) - 1]


def summarize(samples, seconds):
    """``samples``: {action: [(latency, ok), ...]} of one run lasting ``seconds``. Returns
    {action: {count, errors, throughput, p50, p95}} (latencies of every attempt)."""
    summary = {}
    for action, rows in samples.items():
        latencies = [latency for latency, _ok in rows]
        errors = sum(1 for _latency, ok in rows if not ok)
        summary[action] = {
            "count": len(rows),
            "errors": errors,
            "throughput": (len(rows) - errors) / seconds if seconds else 0.0,
            "p50": percentile(latencies, 0.5),
            "p95": percentile(latencies, 0.95),
        }
    return summary


def audit_records(client_refs, db_refs):
    """``client_refs``: {ref: id} the clients got back; ``db_refs``: [(ref, id), ...] found in
    the database afterwards. Returns (lost, duplicated, orphans): refs a client holds an id for
    that is not in the database under that ref, refs stored more than once, refs stored that no
    client got an id for."""
    stored = defaultdict(list)
    for ref, record_id in db_refs:
        stored[ref].append(record_id)
    lost = sorted(ref for ref, record_id in client_refs.items() if record_id not in stored[ref])
    duplicated = sorted(ref for ref, ids in stored.items() if len(ids) > 1)
    orphans = sorted(ref for ref in stored if ref not in client_refs)
    return lost, duplicated, orphans


def goal_line(measure, figure, goal, met):
    return "\t".join(("KIA-GOAL", measure, figure, goal, "met" if met else "missed"))


# --- prepare / verify: in Odoo -------------------------------------------------------------


def _odoo_env(args):
    import odoo

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database], setup_logging=False)
    registry = odoo.modules.registry.Registry(args.database)
    return odoo, registry


def prepare(args):
    import secrets

    odoo, registry = _odoo_env(args)
    crew_roles = CREW if args.dashboard else CREW_WITHOUT_DASHBOARD
    crews = -(-args.users // len(crew_roles))
    password = secrets.token_urlsafe(18)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"active_test": False})
        dealers = env["res.company"].search(
            [("kia_dealer_code", "=like", "GEN%")], order="kia_dealer_code"
        )
        if len(dealers) < crews:
            sys.exit(
                f"load: {args.database} has {len(dealers)} generated dealers, "
                f"{crews} needed: generate the network first (kia_generate)."
            )
        # Spread the crews over the network, as dealers are in life.
        step = len(dealers) // crews
        chosen = [dealers[i * step] for i in range(crews)]
        Users = env["res.users"]
        operations = env["kia.labor.operation"].search(
            [("company_id", "=", False), ("kia_required_certification_type_ids", "=", False)]
        )
        if not operations:
            sys.exit("load: no labor operation without a required certification.")
        plan = {"password": password, "run": secrets.token_hex(4), "users": []}
        users = Users
        for company in chosen:
            code = company.kia_dealer_code.lower()
            crew = []
            for role, suffix in crew_roles:
                login = f"{code}.{suffix}"
                user = Users.search([("login", "=", login)])
                if not user:
                    sys.exit(f"load: user {login} is missing; the generator makes it.")
                crew.append((role, user))
                users |= user
            technician = next(user for role, user in crew if role == "tech")
            vehicles = env["fleet.vehicle"].search(
                [("company_id", "=", company.id), ("kia_owner_id", "!=", False)], limit=200
            )
            for role, user in crew:
                plan["users"].append(
                    {
                        "role": role,
                        "login": user.login,
                        "uid": user.id,
                        "company_id": company.id,
                        "dealer": company.kia_dealer_code,
                        "technician_id": technician.id,
                        "vehicles": [[v.id, v.kia_owner_id.id, v.odometer] for v in vehicles],
                        "operations": operations.ids,
                    }
                )
        # Their messages (the customer told the car is ready) need a sender's address.
        for user in users.filtered(lambda u: not u.email):
            user.email = f"{user.login}@dealer.example.com"
        # What this run creates comes after the records that exist now: the queues look
        # there (by id, an index) rather than through a million repair orders.
        plan["floor"] = {
            model: env[model].search([], order="id desc", limit=1).id
            for model in ("repair.order", "kia.repair.job")
        }
        # One hash for every user of the run (hashing is slow on purpose).
        hashed = Users._crypt_context().hash(password)
        for user in users:
            user._set_encrypted_password(user.id, hashed)
        codes = ", ".join(chosen_company.kia_dealer_code for chosen_company in chosen)
        cr.commit()
    plan["users"] = plan["users"][: args.users]
    Path(args.plan).write_text(json.dumps(plan))
    print(
        f"load: {len(plan['users'])} users at {len(chosen)} dealers "
        f"({codes}), passwords set for this run"
    )


def verify(args):
    odoo, registry = _odoo_env(args)
    plan = json.loads(Path(args.plan).read_text())
    result = json.loads(Path(args.plan + ".result").read_text())
    marker = f"load {plan['run']} "
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"active_test": False})
        repairs = env["repair.order"].search_read(
            [("kia_customer_words", "=like", marker + "%")], ["kia_customer_words", "state"]
        )
        db_refs = [(r["kia_customer_words"], r["id"]) for r in repairs]
        lost, duplicated, orphans = audit_records(result["repairs"], db_refs)
        states = {r["id"]: r["state"] for r in repairs}
        unconfirmed = [i for i in result["confirmed"] if states.get(i) in (None, "draft")]
        jobs = env["kia.repair.job"].browse(list({int(j) for j in result["clock_on"]}))
        logs = defaultdict(int)
        for job, count in env["kia.repair.job.time"]._read_group(
            [("job_id", "in", jobs.ids)], ["job_id"], ["__count"]
        ):
            logs[job.id] = count
        clock_mismatch = sorted(
            job for job, count in result["clock_on"].items() if logs[int(job)] != count
        )
    print(
        f"\nRecords after the run: {len(result['repairs'])} repair orders created by the "
        f"clients, {len(db_refs)} found with this run's reference; lost {len(lost)}, "
        f"duplicated {len(duplicated)}, without a client {len(orphans)}; confirmed by a "
        f"client but still draft {len(unconfirmed)}; jobs whose time logs differ from the "
        f"clients' clock-ons {len(clock_mismatch)} of {len(result['clock_on'])}"
    )
    for label, refs in (
        ("lost", lost),
        ("duplicated", duplicated),
        ("without a client", orphans),
        ("clock mismatch", clock_mismatch),
    ):
        if refs:
            print(f"  {label}: {', '.join(map(str, refs[:20]))}")
    bad = len(lost) + len(duplicated) + len(orphans) + len(unconfirmed) + len(clock_mismatch)
    print(
        goal_line(
            "Load: lost or duplicated records after the run (ROs, confirmations, clockings)",
            f"{bad} ({len(db_refs)} ROs)",
            "0",
            bad == 0,
        )
    )
    return 0 if bad == 0 else 1


# --- drive: the simulated users, standard library only ------------------------------------


class RpcError(Exception):
    pass


class Client:
    """One browser: its own connection and session cookie."""

    def __init__(self, host, port, db, user, password):
        self.host, self.port, self.db = host, port, db
        self.user, self.password = user, password
        self.cookie = None
        self.context = {
            "lang": "en_US",
            "tz": "Asia/Shanghai",
            "uid": user["uid"],
            "allowed_company_ids": [user["company_id"]],
        }

    def post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
        # One connection per request, as a reverse proxy talks to Odoo: a prefork worker serves
        # one connection at a time, and a kept-alive idle one would hold it.
        headers = {"Content-Type": "application/json", "Connection": "close"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
        try:
            conn.request("POST", path, body, headers)
            response = conn.getresponse()
            payload = response.read()
        finally:
            conn.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("session_id="):
                self.cookie = value.split(";", 1)[0]
        if response.status != 200:
            raise RpcError(f"HTTP {response.status}")
        answer = json.loads(payload)
        if "error" in answer:
            data = answer["error"].get("data") or {}
            raise RpcError(data.get("message") or answer["error"].get("message"))
        return answer["result"]

    def authenticate(self):
        result = self.post(
            "/web/session/authenticate",
            {"db": self.db, "login": self.user["login"], "password": self.password},
        )
        if result.get("uid") != self.user["uid"]:
            raise RpcError(f"login of {self.user['login']} refused")

    def call_kw(self, model, method, args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def call_button(self, model, method, ids):
        return self.post(
            f"/web/dataset/call_button/{model}/{method}",
            {"model": model, "method": method, "args": [ids], "kwargs": {"context": self.context}},
        )


RO_SPEC = {
    "name": {},
    "state": {},
    "partner_id": {"fields": {"display_name": {}}},
    "vehicle_id": {"fields": {"display_name": {}}},
    "kia_customer_words": {},
    "kia_old_parts": {},
    "kia_walkaround_ids": {"fields": {"name": {}, "result": {}}},
    "kia_qc_check_ids": {"fields": {"name": {}, "result": {}}},
    "repair_service_ids": {"fields": {"kia_labor_operation_id": {"fields": {"display_name": {}}}}},
}
QC_SPEC = {
    "name": {},
    "state": {},
    "kia_qc_state": {},
    "kia_job_ids": {"fields": {"state": {}, "foreman_check_date": {}}},
}
JOB_SPEC = {
    "name": {},
    "state": {},
    "repair_id": {"fields": {"display_name": {}}},
    "technician_id": {"fields": {"display_name": {}}},
    "foreman_check_date": {},
}


class Run:
    """One load level: N users for ``seconds``; collects samples and what the clients got."""

    def __init__(self, args, plan, users, seconds, results):
        self.args, self.plan, self.users, self.seconds = args, plan, users, seconds
        self.results = results
        self.samples = defaultdict(list)
        self.odometers = results["odometers"]
        self.lock = threading.Lock()
        self.deadline = None
        self.signature = base64.b64encode(SIGNATURE.read_bytes()).decode()
        low, _sep, high = args.think.partition("-")
        self.think_range = (float(low), float(high or low))

    def measure(self, action, call, *args, **kwargs):
        started = time.perf_counter()
        try:
            result = call(*args, **kwargs)
            ok = True
        except (RpcError, OSError, http.client.HTTPException) as error:
            result, ok = None, False
            with self.lock:
                self.results["errors"].append(f"{action}: {error}")
        latency = time.perf_counter() - started
        with self.lock:
            self.samples[action].append((latency, ok))
        return ok, result

    def think(self, rng, factor=1.0):
        """A user reads the screen before the next click; False once the time is up."""
        pause = rng.uniform(*self.think_range) * factor
        if time.monotonic() + pause >= self.deadline:
            return False
        time.sleep(pause)
        return True

    def user_loop(self, index, user):
        rng = random.Random(f"{self.plan['run']}-{len(self.users)}-{index}")
        client = Client(self.args.host, self.args.port, self.args.db, user, self.plan["password"])
        # Everyone logs in and opens their screen first (not timed: a worker's first request
        # loads the registry); the measured time starts when all are in.
        time.sleep(index * LOGIN_INTERVAL)
        try:
            client.authenticate()
            # Then opens the screen of their work, as the web client does after logging in: the
            # views of their list and form.
            model = SCREENS[user["role"]]
            if model:
                client.call_kw(model, "get_views", [], views=[[False, "list"], [False, "form"]])
        except (RpcError, OSError, http.client.HTTPException) as error:
            with self.lock:
                self.results["errors"].append(f"login: {error}")
                self.samples["login"].append((0.0, False))
            return
        finally:
            self.barrier.wait()
        role_loop = getattr(self, f"loop_{user['role']}")
        if user["role"] == "advisor":
            role_loop = functools.partial(role_loop, odometers=self.odometers)
        # Users do not all click at the same second.
        time.sleep(rng.uniform(0, self.think_range[1]))
        while time.monotonic() < self.deadline:
            if not role_loop(client, user, rng):
                break

    # Each loop does one unit of its role's work and returns whether to go on.

    def loop_advisor(self, client, user, rng, odometers):
        # A dealer's advisors receive different cars; a car comes back with more kilometres.
        share = int(user["login"][-1]) - 1
        vehicle_id, partner_id, odometer = rng.choice(user["vehicles"][share::2])
        odometers[vehicle_id] = max(odometers.get(vehicle_id, odometer), odometer) + rng.randint(
            500, 5000
        )
        with self.lock:
            self.results["sequence"] += 1
            ref = f"load {self.plan['run']} {user['login']} {self.results['sequence']}"
        ok, _defaults = self.measure(
            "RO new form (onchange)",
            client.call_kw,
            "repair.order",
            "onchange",
            [[], {}, [], {"partner_id": {}, "company_id": {}, "state": {}}],
        )
        if not ok:
            return self.think(rng)
        if not self.think(rng):
            return False
        vals = {
            "vehicle_id": vehicle_id,
            "partner_id": partner_id,
            "kia_odometer_in": odometers[vehicle_id],
            "kia_customer_words": ref,
            "repair_service_ids": [
                [0, 0, {"kia_labor_operation_id": rng.choice(user["operations"])}]
            ],
        }
        ok, saved = self.measure(
            "RO form save",
            client.call_kw,
            "repair.order",
            "web_save",
            [[], vals],
            specification=RO_SPEC,
        )
        if not ok:
            return self.think(rng)
        repair = saved[0]
        with self.lock:
            self.results["repairs"][ref] = repair["id"]
        if not self.think(rng):
            return False
        # Reception: the walk-around answered, the old parts decided, the customer signs.
        vals = {
            "kia_walkaround_ids": [
                [1, line["id"], {"result": "ok"}] for line in repair["kia_walkaround_ids"]
            ],
            "kia_old_parts": "none",
            "kia_customer_signature": self.signature,
        }
        ok, _saved = self.measure(
            "RO form save",
            client.call_kw,
            "repair.order",
            "web_save",
            [[repair["id"]], vals],
            specification=RO_SPEC,
        )
        if not ok:
            return self.think(rng)
        if not self.think(rng, 0.5):
            return False
        ok, _action = self.measure(
            "RO confirm", client.call_button, "repair.order", "action_validate", [repair["id"]]
        )
        if ok:
            with self.lock:
                self.results["confirmed"].append(repair["id"])
            self.measure(
                "RO form reload",
                client.call_kw,
                "repair.order",
                "web_read",
                [[repair["id"]]],
                specification=RO_SPEC,
            )
        return self.think(rng)

    def loop_foreman(self, client, user, rng):
        ok, found = self.measure(
            "job board (search)",
            client.call_kw,
            "kia.repair.job",
            "web_search_read",
            [],
            domain=[
                ("state", "in", ["ready", "done"]),
                ("id", ">", self.plan["floor"]["kia.repair.job"]),
            ],
            specification=JOB_SPEC,
            limit=20,
        )
        if ok:
            for job in found["records"]:
                if not self.think(rng, 0.5):
                    return False
                if job["state"] == "ready" and not job["technician_id"]:
                    self.measure(
                        "job dispatch (form save)",
                        client.call_kw,
                        "kia.repair.job",
                        "web_save",
                        [[job["id"]], {"technician_id": user["technician_id"]}],
                        specification=JOB_SPEC,
                    )
                elif job["state"] == "done" and not job["foreman_check_date"]:
                    self.measure(
                        "foreman check",
                        client.call_button,
                        "kia.repair.job",
                        "action_foreman_check",
                        [job["id"]],
                    )
        return self.think(rng)

    def loop_tech(self, client, user, rng):
        ok, found = self.measure(
            "my jobs (search)",
            client.call_kw,
            "kia.repair.job",
            "web_search_read",
            [],
            domain=[
                ("technician_id", "=", user["uid"]),
                ("state", "in", ["ready", "paused"]),
                ("id", ">", self.plan["floor"]["kia.repair.job"]),
            ],
            specification=JOB_SPEC,
            limit=5,
        )
        if ok:
            for job in found["records"]:
                if not self.think(rng, 0.5):
                    return False
                ok, _r = self.measure(
                    "clock on", client.call_button, "kia.repair.job", "action_start", [job["id"]]
                )
                if not ok:
                    continue
                with self.lock:
                    self.results["clock_on"][str(job["id"])] += 1
                # The work itself, shortened.
                self.think(rng)
                self.measure(
                    "clock off", client.call_button, "kia.repair.job", "action_finish", [job["id"]]
                )
        return self.think(rng)

    def loop_qc(self, client, user, rng):
        ok, found = self.measure(
            "QC queue (search)",
            client.call_kw,
            "repair.order",
            "web_search_read",
            [],
            domain=[
                ("state", "=", "under_repair"),
                ("kia_qc_state", "!=", "passed"),
                ("id", ">", self.plan["floor"]["repair.order"]),
            ],
            specification=QC_SPEC,
            limit=10,
        )
        if ok:
            for repair in found["records"]:
                jobs = repair["kia_job_ids"]
                if not jobs or not all(job["foreman_check_date"] for job in jobs):
                    continue
                if not self.think(rng, 0.5):
                    return False
                if repair["kia_qc_state"] != "pending":
                    ok, _r = self.measure(
                        "QC start",
                        client.call_button,
                        "repair.order",
                        "action_kia_start_qc",
                        [repair["id"]],
                    )
                    if not ok:
                        continue
                ok, read = self.measure(
                    "QC checklist read",
                    client.call_kw,
                    "repair.order",
                    "web_read",
                    [[repair["id"]]],
                    specification=RO_SPEC,
                )
                if not ok:
                    continue
                read = read[0]
                vals = {
                    "kia_qc_check_ids": [
                        [1, line["id"], {"result": "ok"}] for line in read["kia_qc_check_ids"]
                    ]
                }
                ok, _r = self.measure(
                    "QC checklist save",
                    client.call_kw,
                    "repair.order",
                    "web_save",
                    [[repair["id"]], vals],
                    specification=RO_SPEC,
                )
                if ok:
                    self.measure(
                        "QC pass",
                        client.call_button,
                        "repair.order",
                        "action_kia_qc_pass",
                        [repair["id"]],
                    )
        return self.think(rng)

    def loop_manager(self, client, user, rng):
        self.measure("KPI dashboard", client.call_kw, "kia.kpi.dashboard", "get_dashboard_data", [])
        # A manager looks at the dashboard now and then, not every few seconds.
        return self.think(rng, 8)

    def start_clock(self):
        """Run once, when every user has logged in."""
        self.deadline = time.monotonic() + self.seconds

    def run(self):
        threads = [
            threading.Thread(target=self.user_loop, args=(i, user), daemon=True)
            for i, user in enumerate(self.users)
        ]
        self.barrier = threading.Barrier(len(threads) + 1, action=self.start_clock)
        for thread in threads:
            thread.start()
        self.barrier.wait()
        started = self.deadline - self.seconds
        for thread in threads:
            # Bounded: a request still running after its deadline gets the server's own limit.
            thread.join(self.seconds + 330)
        return time.monotonic() - started


def print_summary(users, seconds, summary):
    print(f"\n{users} users, {seconds:.0f} s")
    print(f"  {'action':30} {'count':>6} {'per s':>7} {'p50 s':>7} {'p95 s':>7} {'errors':>6}")
    for action in sorted(summary):
        row = summary[action]
        print(
            f"  {action:30} {row['count']:6d} {row['throughput']:7.2f} {row['p50']:7.3f} "
            f"{row['p95']:7.3f} {row['errors']:6d}"
        )


def drive(args):
    plan = json.loads(Path(args.plan).read_text())
    host, _sep, port = args.url.removeprefix("http://").partition(":")
    args.host, args.port = host, int(port or 80)
    results = {
        "repairs": {},
        "confirmed": [],
        "clock_on": defaultdict(int),
        "errors": [],
        "sequence": 0,
        "odometers": {},
    }
    levels = [int(n) for n in args.users.split(",")]
    low, _sep, high = args.think.partition("-")
    managers = any(user["role"] == "manager" for user in plan["users"])
    print(
        f"Load test: {', '.join(map(str, levels))} users, {args.seconds:.0f} s each after "
        f"they have logged in (one every {LOGIN_INTERVAL:g} s), think time {args.think} s between "
        f"a user's actions"
        + (
            f" (the service manager opens the KPI dashboard about every "
            f"{8 * (float(low) + float(high or low)) / 2:.0f} s)"
            if managers
            else " (no service managers: their dashboard left out)"
        )
        + f"; Odoo and PostgreSQL share this machine's {os.cpu_count()} CPUs with the load "
        f"generator and anything else running here: latencies are pessimistic."
    )
    rows = {}
    for level in levels:
        if level > len(plan["users"]):
            sys.exit(f"load: the plan has {len(plan['users'])} users, {level} asked.")
        run = Run(args, plan, plan["users"][:level], args.seconds, results)
        roles = defaultdict(int)
        for user in run.users:
            roles[user["role"]] += 1
        dealers = len({user["dealer"] for user in run.users})
        print(
            f"\n{level} users at {dealers} dealers: "
            + ", ".join(f"{count} {role}" for role, count in sorted(roles.items()))
        )
        elapsed = run.run()
        summary = summarize(run.samples, elapsed)
        print_summary(level, elapsed, summary)
        rows[level] = summary
    for error in results["errors"][:20]:
        print(f"  error: {error}")
    Path(args.plan + ".result").write_text(json.dumps(results))
    top = rows.get(GOAL_USERS)
    if top is None:
        return 0
    for label, actions in (("form saves", FORM_SAVES), ("clocking on/off", CLOCKING)):
        p95s = [top[a]["p95"] for a in actions if a in top]
        worst = max(p95s) if p95s else None
        figure = f"{worst:.2f} s" if worst is not None else "not measured"
        print(
            goal_line(
                f"Load, {GOAL_USERS} users: p95 of {label}",
                figure,
                "< 1 s",
                worst is not None and worst < GOAL_P95,
            )
        )
    errors = sum(row["errors"] for row in top.values())
    count = sum(row["count"] for row in top.values())
    print(
        goal_line(
            f"Load, {GOAL_USERS} users: errors seen by the clients",
            f"{errors} of {count} requests",
            "0",
            errors == 0,
        )
    )
    return 0


def dashboard(args):
    """The dashboard's data as the plan's first service manager gets it (one call, after
    login), written to ``--out``: the replica check compares two such answers."""
    plan = json.loads(Path(args.plan).read_text())
    host, _sep, port = args.url.removeprefix("http://").partition(":")
    manager = next(user for user in plan["users"] if user["role"] == "manager")
    client = Client(host, int(port), args.db, manager, plan["password"])
    client.authenticate()
    if args.mark:
        # Where the database logs stand once logged in: what follows is the dashboard's.
        marks = [str(os.path.getsize(path) + 1) for path in args.mark.split(",")]
        Path(args.out + ".marks").write_text(" ".join(marks) + "\n")
    started = time.perf_counter()
    data = client.call_kw("kia.kpi.dashboard", "get_dashboard_data", [])
    elapsed = time.perf_counter() - started
    Path(args.out).write_text(json.dumps(data, sort_keys=True))
    print(f"dashboard of {manager['login']}: {elapsed:.2f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    for step in ("prepare", "verify"):
        p = sub.add_parser(step)
        p.add_argument("-c", "--config", required=True)
        p.add_argument("-d", "--database", required=True)
        p.add_argument("--plan", required=True)
        p.add_argument("--users", type=int, default=GOAL_USERS)
        p.add_argument("--dashboard", type=int, default=1, help="0: no service managers")
    p = sub.add_parser("drive")
    p.add_argument("--plan", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--users", default="10,30,60")
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--think", default="3-9", help="seconds between a user's actions, LOW-HIGH")
    p = sub.add_parser("dashboard")
    p.add_argument("--plan", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--mark", help="log files (comma-separated) whose size after login to keep")
    args = parser.parse_args(argv)
    steps = {"prepare": prepare, "verify": verify, "drive": drive, "dashboard": dashboard}
    return steps[args.step](args) or 0


if __name__ == "__main__":
    sys.exit(main())
