import { registry } from "@web/core/registry";

// A customer opens their repair order on the portal and approves the additional work.
// A loaded machine may take a while per step: each waits up to 30 s.
const steps = [
    {
        content: "Open the repair order in progress",
        trigger: "a.o_kia_repair_link",
        run: "click",
    },
    {
        content: "Approve the additional work waiting for the customer",
        trigger: ".o_kia_approve_form button.o_kia_approve",
        run: "click",
    },
    {
        content: "Back on the repair order: approved, nothing waits any more",
        trigger: ".o_kia_message_approved",
    },
    {
        trigger: ".o_kia_portal_repair:not(:has(.o_kia_approve))",
    },
];

registry.category("web_tour.tours").add("kia_portal_approve_work", {
    steps: () => steps.map((step) => ({ timeout: 30000, ...step })),
});
