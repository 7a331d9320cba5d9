import { registry } from "@web/core/registry";

// Head office's accountant confirms that a dealer's declared deposit payment arrived: it posts
// in the dealer's books and in head office's.
registry.category("web_tour.tours").add("kia_parts_deposit_confirm", {
    steps: () =>
        [
            {
                content: "The declared payment waits in head office's list",
                trigger: ".o_list_view .o_data_row td[name=note]:contains(Tour deposit)",
                run: "click",
            },
            {
                content: "Declared by the dealer's accountant",
                trigger: ".o_statusbar_status button[data-value=declared][aria-checked=true]",
            },
            {
                content: "The money arrived: confirm the receipt",
                trigger: "button[name=action_confirm_receipt]",
                run: "click",
            },
            {
                content: "Posted",
                trigger: ".o_statusbar_status button[data-value=posted][aria-checked=true]",
            },
            {
                content: "Both journal entries are shown",
                trigger: ".o_field_widget[name=hq_move_id] a, .o_field_widget[name=hq_move_id] span:not(:empty)",
            },
        ].map((step) => ({ timeout: 30000, ...step })),
});
