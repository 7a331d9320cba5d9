import { registry } from "@web/core/registry";

// A Kia role logs in and lands on its home: its cards, or the service manager's dashboard.
registry.category("web_tour.tours").add("kia_role_home_tour", {
    steps: () => [
        {
            content: "The role's home is shown after login",
            trigger: ".o_kia_home .o_kia_home_card .o_kia_home_count, .o_kia_kpi_dashboard .o_kia_kpi_card canvas",
        },
    ],
});
