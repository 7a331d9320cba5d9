import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { useService } from "@web/core/utils/hooks";

/** A KPI's twelve months as a line, its target as a dashed line (Odoo's own Chart.js). */
export class KiaKpiTrend extends Component {
    static template = "kia_analysis.KiaKpiTrend";
    static props = ["card", "months"];

    setup() {
        this.canvas = useRef("canvas");
        onMounted(() => this.draw());
        onWillUnmount(() => this.chart?.destroy());
    }

    draw() {
        const { card, months } = this.props;
        const datasets = [
            {
                label: card.name,
                data: card.values,
                borderColor: "#05141f",
                backgroundColor: "rgba(5, 20, 31, 0.08)",
                fill: true,
                tension: 0.3,
                pointRadius: 2,
            },
        ];
        if (card.targets.some((t) => t)) {
            datasets.push({
                label: "target",
                data: card.targets,
                borderColor: "#bb162b",
                borderDash: [4, 4],
                pointRadius: 0,
                fill: false,
            });
        }
        this.chart = new Chart(this.canvas.el, {
            type: "line",
            data: { labels: months.map((m) => m.slice(0, 7)), datasets },
            options: {
                animation: false,
                maintainAspectRatio: false,
                plugins: { legend: { display: false } },
                scales: { x: { ticks: { maxTicksLimit: 4 } }, y: { beginAtZero: true } },
            },
        });
    }
}

export class KiaKpiDashboard extends Component {
    static template = "kia_analysis.KiaKpiDashboard";
    static components = { KiaKpiTrend };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, kpiId: false });
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
    }

    async load() {
        const data = await this.orm.call("kia.kpi.dashboard", "get_dashboard_data", []);
        this.state.data = data;
        this.state.kpiId = data.cards.length ? data.cards[0].id : false;
    }

    fmt(value) {
        if (value === null || value === undefined) {
            return "–";
        }
        return formatFloat(value, { digits: [16, 1] });
    }

    status(card) {
        if (!card.target) {
            return "secondary";
        }
        const gap = card.higher_is_better ? card.current - card.target : card.target - card.current;
        return gap >= 0 ? "success" : "danger";
    }

    get hqCard() {
        return this.state.data.cards.find((c) => c.id === Number(this.state.kpiId));
    }

    async openRecords(card, companyId = false, year = false) {
        const action = await this.orm.call("kia.kpi.dashboard", "action_open_records", [card.id], {
            month: this.state.data.month,
            company_id: companyId || this.state.data.company_id,
            year,
        });
        await this.action.doAction(action);
    }

    async openAnalysis(card) {
        const action = await this.orm.call("kia.kpi.dashboard", "action_open_analysis", [card.id]);
        await this.action.doAction(action);
    }
}

registry.category("actions").add("kia_analysis.kpi_dashboard", KiaKpiDashboard);
