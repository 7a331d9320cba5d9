import { registry } from "@web/core/registry";

// Head office's picture of its network: the ranking of the dealers on a KPI and the regions,
// then from one dealer's figure to the records behind it.
registry.category("web_tour.tours").add("kia_hq_network_tour", {
    steps: () => [
        {
            content: "The network's ranking of dealers on the first KPI",
            trigger: ".o_kia_kpi_hq .o_kia_kpi_ranking tbody tr",
            timeout: 30000,
        },
        {
            content: "The regions, with their median, best and worst dealer",
            trigger: ".o_kia_kpi_hq .o_kia_kpi_regions tbody tr td",
        },
        {
            content: "Rank the dealers on the repair orders",
            trigger: ".o_kia_kpi_hq select.o_kia_kpi_select",
            run: "selectByLabel 委托书",
        },
        {
            content: "Screenshot of the network",
            trigger: ".o_kia_kpi_hq .o_kia_kpi_ranking tbody tr a",
            run() {
                console.log("kia-tour-screenshot hq_network");
            },
        },
        {
            content: "Open the repair orders behind the first dealer's figure",
            trigger: ".o_kia_kpi_hq .o_kia_kpi_ranking tbody tr:first-child a",
            run: "click",
        },
        {
            content: "The dealer's repair orders are listed",
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
