import { registry } from "@web/core/registry";

// A warranty claim's way: made from the repair order, submitted to head office, reviewed and
// approved there, settled in the dealer's books.
const registryTours = registry.category("web_tour.tours");
// A loaded machine may take a while per step: wait up to 30 s for each.
const tours = {
    add(name, tour) {
        registryTours.add(name, {
            ...tour,
            steps: () => tour.steps().map((step) => ({ timeout: 30000, ...step })),
        });
    },
};

// The test saves a screenshot of the screen when the browser logs this line.
function screenshot(name) {
    return {
        content: `Screenshot of ${name}`,
        trigger: "body:not(:has(.o_notification))",
        run() {
            console.log(`kia-tour-screenshot ${name}`);
        },
    };
}

function statusIs(value) {
    return {
        content: `Status is ${value}`,
        trigger: `.o_statusbar_status button[data-value=${value}][aria-checked=true]`,
    };
}

function click(button, content) {
    return { content, trigger: `button[name=${button}]`, run: "click" };
}

tours.add("kia_warranty_claim_from_repair", {
    steps: () => [
        click("action_kia_wty_create_claim", "Claim the repair order's warranty work"),
        {
            content: "The claim, filled from the repair order",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row",
        },
        statusIs("draft"),
    ],
});

tours.add("kia_warranty_claim_submit", {
    steps: () => [
        click("action_submit", "Submit to head office"),
        statusIs("submitted"),
        screenshot("warranty_claim"),
    ],
});

tours.add("kia_warranty_hq_review", {
    steps: () => [
        {
            content: "The claim's lines, as head office reviews them",
            trigger: ".o_field_widget[name=line_ids] .o_data_row",
        },
        click("action_approve", "Approve"),
        statusIs("approved"),
        screenshot("hq_claim_review"),
    ],
});

tours.add("kia_warranty_claim_settle", {
    steps: () => [click("action_settle", "Settle"), statusIs("settled")],
});
