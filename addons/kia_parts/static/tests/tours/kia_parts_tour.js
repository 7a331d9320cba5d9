import { registry } from "@web/core/registry";

// The parts desk's day: an order to head office, its receipt with a damaged part, the parts
// issued to a repair order.
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

function pick(field, text, scope = "") {
    return [
        {
            content: `Type ${text} in ${field}`,
            trigger: `${scope} .o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item a:contains(${text})`,
            run: "click",
        },
    ];
}

tours.add("kia_parts_order", {
    steps: () => [
        ...pick("partner_id", "Test Kia HQ"),
        {
            content: "An order to head office",
            trigger: ".o_field_widget[name=kia_order_type] select",
            run: 'select "regular"',
        },
        {
            trigger: ".o_field_widget[name=order_line] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pick("product_id", "Oil filter", ".o_field_widget[name=order_line] .o_selected_row"),
        {
            trigger: ".o_field_widget[name=order_line] .o_selected_row [name=product_qty] input",
            run: "edit 10",
        },
        {
            content: "Confirm: sent to head office",
            trigger: "button[name=button_confirm]",
            run: "click",
        },
        statusIs("purchase"),
    ],
});

tours.add("kia_parts_receive", {
    steps: () => [
        {
            content: "Ten filters counted on arrival",
            trigger: ".o_field_widget[name=move_ids_without_package] .o_data_row:first-child td[name=quantity]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=move_ids_without_package] .o_selected_row [name=quantity] input",
            run: "edit 10",
        },
        {
            content: "What arrived differs from the packing list",
            trigger: ".o_notebook a[name=kia_discrepancies]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=kia_discrepancy_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pick(
            "product_id",
            "Oil filter",
            ".o_field_widget[name=kia_discrepancy_ids] .o_selected_row"
        ),
        {
            content: "One filter came damaged",
            trigger: ".o_field_widget[name=kia_discrepancy_ids] .o_selected_row [name=discrepancy_type] select",
            run: 'select "damaged"',
        },
        {
            trigger: ".o_field_widget[name=kia_discrepancy_ids] .o_selected_row [name=quantity] input",
            run: "edit 1",
        },
        {
            content: "Validate the receipt",
            trigger: "button[name=button_validate]",
            run: "click",
        },
        statusIs("done"),
        {
            content: "A parts claim is opened for the damaged filter",
            trigger: "button[name=action_kia_view_claims]",
        },
        screenshot("parts_receipt"),
    ],
});

tours.add("kia_parts_issue", {
    steps: () => [
        {
            content: "Issue the repair order's parts",
            trigger: "button[name=action_kia_issue_parts]",
            run: "click",
        },
        {
            content: "Issued: the picking slip can be printed",
            trigger: "button[name=action_kia_print_picking_slip]",
        },
    ],
});

tours.add("kia_parts_hq_penalty", {
    steps: () => [
        ...pick("company_id", "Test 4S Dealer A"),
        {
            content: "A penalty taken from the dealer's parts deposit",
            trigger: ".o_field_widget[name=line_type] select",
            run: 'select "penalty"',
        },
        {
            trigger: ".o_field_widget[name=amount] input",
            run: "edit 500",
        },
        {
            content: "Post it",
            trigger: "button[name=action_post]",
            run: "click",
        },
        statusIs("posted"),
        screenshot("hq_penalty"),
    ],
});
