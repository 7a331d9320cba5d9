import { Component, onMounted, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The workshop kiosk 车间终端: a technician's jobs on a shared screen (kiosk mode, opened by the
 * foreman, the technician identifies with his badge or PIN) or on his own phone (phone mode).
 * Every action is a call to the server, which decides who the technician is and runs the
 * job's own Start, Pause and Finish buttons as him.
 */
export class WorkshopKiosk extends Component {
    static template = "kia_service.WorkshopKiosk";
    static props = ["*"];

    setup() {
        this.notification = useService("notification");
        const params = this.props.action.params || this.props.action.context || {};
        this.mode = params.mode === "phone" ? "phone" : "kiosk";
        this.state = useState({
            screen: "loading",
            technicians: [],
            technician: null,
            pin: "",
            badge: "",
            jobs: [],
            job: null,
            description: "",
            operationId: "",
            photo: null,
            photoName: "",
            busy: false,
        });
        this.config = {};
        this.lastTouch = Date.now();
        onWillStart(() => this.open());
        onMounted(() => {
            this.ticker = setInterval(() => this.tick(), 1000);
        });
        onWillUnmount(() => clearInterval(this.ticker));
    }

    // -- server --------------------------------------------------------------------------

    async call(route, params = {}) {
        this.state.busy = true;
        try {
            const result = await rpc(route, { ...params, mode: this.mode });
            if (result && result.error) {
                this.notification.add(result.error, { type: "danger" });
                return null;
            }
            return result;
        } finally {
            this.state.busy = false;
        }
    }

    async open() {
        const result = await this.call("/kia_service/kiosk/open");
        if (!result) {
            this.state.screen = "refused";
            return;
        }
        this.config = result;
        if (this.mode === "phone") {
            this.state.technician = result.technician;
            await this.loadJobs();
        } else {
            this.state.technicians = result.technicians;
            this.state.screen = "who";
        }
    }

    async loadJobs() {
        const result = await this.call("/kia_service/kiosk/jobs");
        if (!result) {
            this.backToStart();
            return;
        }
        this.setJobs(result.jobs);
    }

    setJobs(jobs) {
        const now = Date.now();
        this.state.jobs = jobs.map((job) => ({ ...job, loadedAt: now }));
        this.state.job = null;
        this.state.screen = "jobs";
    }

    // -- identify (kiosk mode) -----------------------------------------------------------

    selectTechnician(technician) {
        this.touch();
        this.state.technician = technician;
        this.state.pin = "";
        this.state.screen = "pin";
    }

    pressDigit(digit) {
        this.touch();
        if (this.state.pin.length < 8) {
            this.state.pin += digit;
        }
    }

    erasePin() {
        this.state.pin = this.state.pin.slice(0, -1);
    }

    async submitPin() {
        const result = await this.call("/kia_service/kiosk/identify", {
            user_id: this.state.technician.id,
            pin: this.state.pin,
        });
        this.state.pin = "";
        if (result) {
            this.state.technician = result.technician;
            await this.loadJobs();
        }
    }

    async submitBadge(ev) {
        ev.preventDefault();
        const badge = this.state.badge.trim();
        this.state.badge = "";
        if (!badge) {
            return;
        }
        const result = await this.call("/kia_service/kiosk/identify", { badge });
        if (result) {
            this.state.technician = result.technician;
            await this.loadJobs();
        }
    }

    async signOut() {
        await rpc("/kia_service/kiosk/leave", {});
        this.backToStart();
    }

    backToStart() {
        if (this.mode === "phone") {
            this.state.screen = "refused";
            return;
        }
        this.state.technician = null;
        this.state.pin = "";
        this.state.jobs = [];
        this.state.job = null;
        this.state.screen = "who";
    }

    // -- jobs ----------------------------------------------------------------------------

    async clock(job, action, reason = null) {
        this.touch();
        const result = await this.call("/kia_service/kiosk/clock", {
            job_id: job.id,
            action,
            reason,
        });
        if (result) {
            const messages = {
                start: _t("Started: %s", job.name),
                pause: _t("Paused: %s", job.name),
                finish: _t("Finished: %s", job.name),
            };
            this.notification.add(messages[action], { type: "success" });
            this.setJobs(result.jobs);
        }
    }

    askPause(job) {
        this.touch();
        this.state.job = job;
        this.state.screen = "pause";
    }

    askReport(job) {
        this.touch();
        this.state.job = job;
        this.state.description = "";
        this.state.operationId = "";
        this.state.photo = null;
        this.state.photoName = "";
        this.state.screen = "report";
    }

    cancelForm() {
        this.touch();
        this.state.job = null;
        this.state.screen = "jobs";
    }

    onPhoto(ev) {
        this.touch();
        const file = ev.target.files && ev.target.files[0];
        if (!file) {
            return;
        }
        const reader = new FileReader();
        reader.onload = () => {
            this.state.photo = reader.result.split(",")[1];
            this.state.photoName = file.name;
        };
        reader.readAsDataURL(file);
    }

    async submitReport() {
        this.touch();
        const job = this.state.job;
        const result = await this.call("/kia_service/kiosk/report", {
            job_id: job.id,
            description: this.state.description,
            labor_operation_id: this.state.operationId ? parseInt(this.state.operationId) : null,
            photo: this.state.photo,
        });
        if (result) {
            this.notification.add(
                _t("Additional work reported: it waits for the customer's approval."),
                { type: "success" }
            );
            this.setJobs(result.jobs);
        }
    }

    // -- time ----------------------------------------------------------------------------

    touch() {
        this.lastTouch = Date.now();
    }

    tick() {
        this.state.now = Date.now();
        const idle = (this.config.idle_seconds || 90) * 1000;
        if (
            this.mode === "kiosk" &&
            this.state.technician &&
            this.state.screen !== "pin" &&
            Date.now() - this.lastTouch > idle
        ) {
            this.signOut();
        }
    }

    elapsed(job) {
        let seconds = job.elapsed_seconds;
        if (job.running) {
            seconds += Math.max(0, Math.floor(((this.state.now || Date.now()) - job.loadedAt) / 1000));
        }
        const pad = (n) => String(n).padStart(2, "0");
        const h = Math.floor(seconds / 3600);
        const m = Math.floor((seconds % 3600) / 60);
        const s = seconds % 60;
        return `${pad(h)}:${pad(m)}:${pad(s)}`;
    }

    planned(job) {
        const minutes = Math.round(job.planned_hours * 60);
        return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    }
}

registry.category("actions").add("kia_service.workshop_kiosk", WorkshopKiosk);
