import { registry } from "@web/core/registry";

// The service manager's day: the dashboard after login, then from a figure to the repair
// orders behind it, back, and to one KPI per dealer and month.
registry.category("web_tour.tours").add("kia_manager_day_tour", {
    steps: () => [
        {
            content: "The dashboard draws the trend of the repair orders",
            trigger: ".o_kia_kpi_dashboard .o_kia_kpi_card[data-code='ro_count'] canvas",
        },
        {
            content: "The region's and the network's medians are shown",
            trigger: ".o_kia_kpi_card[data-code='ro_count'] .o_kia_kpi_compare b",
        },
        {
            content: "Open the repair orders behind the twelve months' figure",
            trigger: ".o_kia_kpi_card[data-code='ro_count'] .o_kia_kpi_year",
            run: "click",
        },
        {
            content: "The delivered repair orders are listed",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the KPI per dealer and month",
            trigger: ".o_kia_kpi_card[data-code='ro_count'] .o_kia_kpi_analysis",
            run: "click",
        },
        {
            content: "The pivot of the KPI is shown",
            trigger: ".o_pivot_view .o_pivot table",
        },
    ],
});
