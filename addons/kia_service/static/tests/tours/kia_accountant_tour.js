import { registry } from "@web/core/registry";

// The dealer accountant's day (出纳/会计): a repair order's draft invoice is checked and posted,
// the customer's payment registered at the counter before the car leaves, and the fapiao the
// tax platform issued recorded on the invoice. Each step waits up to 30 s on a loaded machine.
registry.category("web_tour.tours").add("kia_accountant_day", {
    steps: () =>
        [
            {
                content: "The draft invoice of the repair order",
                trigger: ".o_form_view .o_field_widget[name=kia_repair_id]",
            },
            {
                content: "Post it",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_post]:visible",
                run: "click",
            },
            {
                content: "Posted",
                trigger: ".o_statusbar_status button[data-value=posted][aria-checked=true]",
            },
            {
                content: "The customer pays at the counter",
                trigger: ".o_statusbar_buttons button#account_invoice_payment_btn",
                run: "click",
            },
            {
                content: "Create the payment",
                trigger: ".modal button[name=action_create_payments]:visible",
                run: "click",
            },
            {
                content: "Paid: the payment shows on the invoice",
                trigger: ".o_form_view .o_payment_label",
            },
            {
                content: "Other Info",
                trigger: ".o_notebook a[name=other_info]",
                run: "click",
            },
            {
                content: "Fapiao type",
                trigger: ".o_field_widget[name=kia_fapiao_type] select",
                run: 'select "general"',
            },
            {
                content: "Fapiao number",
                trigger: ".o_field_widget[name=kia_fapiao_number] input",
                run: "edit 26312000000000004321",
            },
            {
                content: "Fapiao date",
                trigger: ".o_field_widget[name=kia_fapiao_date] input",
                run: "edit 12/01/2026",
            },
            {
                content: "Save",
                trigger: ".o_form_button_save",
                run: "click",
            },
            {
                content: "Saved",
                trigger: ".o_form_saved",
            },
        ].map((step) => ({ timeout: 30000, ...step })),
});
