import { registry } from "@web/core/registry";

// The dealer's service manager approves an enrolment, then records the attendance.
registry.category("web_tour.tours").add("kia_training_enrolment_tour", {
    url: "/odoo/action-kia_training.kia_training_enrolment_action",
    steps: () => [
        {
            content: "Open the enrolment awaiting approval",
            trigger: ".o_data_row .o_data_cell:contains('技师甲')",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value='approved'].o_arrow_button_current",
        },
        {
            content: "Record the attendance",
            trigger: ".o_form_view button[name='action_mark_attended']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button[data-value='attended'].o_arrow_button_current",
        },
    ],
});
