import { registry } from "@web/core/registry";

// Head office's accountant pays a dealer's warranty settlement statement: opens it from the
// list, confirms it, and pays it in one payment.
const registryTours = registry.category("web_tour.tours");

function statusIs(value) {
    return {
        content: `Status is ${value}`,
        trigger: `.o_statusbar_status button[data-value=${value}][aria-checked=true]`,
        timeout: 30000,
    };
}

function click(button, content) {
    return { content, trigger: `button[name=${button}]`, run: "click", timeout: 30000 };
}

registryTours.add("kia_warranty_settlement_pay", {
    steps: () => [
        {
            content: "Open the dealer's statement from the list",
            trigger: ".o_list_view .o_data_row:contains(Draft) .o_data_cell[name=dealer_company_id]",
            run: "click",
            timeout: 30000,
        },
        statusIs("draft"),
        click("action_confirm", "Confirm the statement"),
        statusIs("confirmed"),
        {
            content: "The statement lists the dealer's claims",
            trigger: ".o_field_widget[name=line_ids] .o_data_row",
            timeout: 30000,
        },
        click("action_pay", "Pay the dealer"),
        statusIs("paid"),
        {
            content: "The payment is shown",
            trigger: ".o_field_widget[name=payment_id] a, .o_field_widget[name=payment_id] span",
            timeout: 30000,
        },
    ],
});
