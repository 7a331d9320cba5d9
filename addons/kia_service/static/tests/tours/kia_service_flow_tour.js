import { registry } from "@web/core/registry";

// Reception to delivery, one short tour per role; each step waits for what the previous
// action leaves on screen once it has finished.
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

const saved = { content: "Saved", trigger: ".o_form_saved" };

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

function answerChecklist(field, count) {
    const steps = [];
    for (let row = 1; row <= count; row++) {
        steps.push(
            {
                content: `Check line ${row}`,
                trigger: `.o_field_widget[name=${field}] .o_data_row:nth-child(${row}) td[name=result]`,
                run: "click",
            },
            {
                trigger: `.o_field_widget[name=${field}] .o_data_row.o_selected_row td[name=result] select`,
                run: 'select "ok"',
            }
        );
    }
    return steps;
}

tours.add("kia_service_reception", {
    steps: () => [
        ...pick("vehicle_id", "沪AT8801"),
        {
            content: "The owner comes with the vehicle",
            trigger: ".o_field_widget[name=partner_id] input:value(客户甲)",
        },
        {
            trigger: ".o_field_widget[name=kia_odometer_in] input",
            run: "edit 23456",
        },
        {
            trigger: ".o_field_widget[name=kia_ro_type] select",
            run: 'select "general"',
        },
        {
            trigger: ".o_field_widget[name=kia_customer_words] textarea",
            run: "edit 刹车时有异响",
        },
        {
            content: "Labor lines",
            trigger: ".o_notebook .nav-link:contains(Services)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=repair_service_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pick("kia_labor_operation_id", "T-BRK", ".o_field_widget[name=repair_service_ids] .o_data_row"),
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        saved,
        {
            content: "The labor line is saved with its operation",
            trigger: ".o_field_widget[name=repair_service_ids] .o_data_row:not(.o_selected_row) [name=kia_labor_operation_id]:contains(T-BRK)",
        },
        {
            content: "The part to fit",
            trigger: ".o_notebook a.nav-link[name=parts]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=move_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pick("product_id", "Oil filter", ".o_field_widget[name=move_ids] .o_data_row"),
        {
            content: "The part's line is filled in before the page is left",
            trigger: ".o_field_widget[name=move_ids] .o_selected_row [name=product_id] input:value(Oil filter)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        saved,
        {
            content: "The part is saved on the repair order",
            trigger: ".o_field_widget[name=move_ids] .o_data_row:not(.o_selected_row) [name=product_id]:contains(Oil filter)",
        },
        {
            content: "Walk around the car with the customer",
            trigger: ".o_notebook a.nav-link[name=kia_walkaround]",
            run: "click",
        },
        ...answerChecklist("kia_walkaround_ids", 6),
        {
            content: "The customer signs the repair order at the counter",
            trigger: ".o_field_widget[name=kia_customer_signature] .o_signature",
            run: "click",
        },
        {
            content: "The customer's name, drawn as the signature",
            trigger: ".modal .o_web_sign_auto_button.active",
        },
        {
            trigger: ".modal .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            content: "Signed",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=kia_customer_signature] img.o_signature",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        saved,
        {
            content: "Signing stamps the customer's approval",
            trigger: ".o_field_widget[name=kia_approved_date]:not(:empty)",
        },
        {
            content: "Confirm the repair order",
            trigger: "button[name=action_validate]",
            run: "click",
        },
        statusIs("confirmed"),
    ],
});

tours.add("kia_service_dispatch", {
    steps: () => [
        ...pick("technician_id", "t_tech_a"),
        ...pick("bay_id", "Lift 1"),
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        saved,
    ],
});

tours.add("kia_service_clock", {
    steps: () => [
        {
            content: "Clock on",
            trigger: "button[name=action_start]",
            run: "click",
        },
        statusIs("in_progress"),
        {
            content: "Finish: the technician's self-check",
            trigger: "button[name=action_finish]",
            run: "click",
        },
        statusIs("done"),
    ],
});

tours.add("kia_service_foreman_check", {
    steps: () => [
        {
            trigger: "button[name=action_foreman_check]",
            run: "click",
        },
        {
            content: "Checked by the foreman",
            trigger: ".o_field_widget[name=foreman_check_user_id]:contains(t_foreman_a)",
        },
    ],
});

tours.add("kia_service_final_inspection", {
    steps: () => [
        {
            content: "Start the final inspection",
            trigger: "button[name=action_kia_start_qc]",
            run: "click",
        },
        {
            trigger: ".o_notebook a.nav-link[name=kia_qc_delivery]",
            run: "click",
        },
        ...answerChecklist("kia_qc_check_ids", 5),
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        saved,
        {
            content: "Pass it",
            trigger: "button[name=action_kia_qc_pass]",
            run: "click",
        },
        statusIs("done"),
    ],
});

tours.add("kia_service_delivery", {
    steps: () => [
        {
            trigger: ".o_notebook a.nav-link[name=kia_qc_delivery]",
            run: "click",
        },
        {
            content: "Not before the customer says what happens to the old parts",
            trigger: "button[name=action_kia_deliver]",
            run: "click",
        },
        {
            content: "Refused: the error names the old parts",
            trigger: ".modal .modal-body:contains(old parts)",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The customer takes the old parts home",
            trigger: ".o_field_widget[name=kia_old_parts] select",
            run: 'select "returned"',
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        saved,
        {
            content: "Deliver the car",
            trigger: "button[name=action_kia_deliver]",
            run: "click",
        },
        {
            content: "Delivered: the on-time flag shows",
            trigger: ".o_field_widget[name=kia_on_time]",
        },
        {
            content: "The completion certificate is issued with the dealer's number",
            trigger: ".o_field_widget[name=kia_certificate_number]:contains(TA001-HG)",
        },
        {
            content: "The guarantee period is given",
            trigger: ".o_field_widget[name=kia_guarantee_until_date]:not(:empty)",
        },
    ],
});

function giveReason(reason, confirm) {
    return [
        {
            content: "The dialog asks the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: `edit ${reason}`,
        },
        {
            trigger: `.modal footer button[name=action_apply]:contains(${confirm})`,
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

tours.add("kia_service_decline_extra", {
    steps: () => [
        {
            trigger: ".o_notebook .nav-link:contains(Services)",
            run: "click",
        },
        {
            content: "Decline the additional work waiting for the customer",
            trigger: ".o_field_widget[name=repair_service_ids] .o_data_row button[type=action]:has(.fa-times)",
            run: "click",
        },
        ...giveReason("太贵了", "Decline"),
        {
            content: "Declined, with its reason",
            trigger: ".o_field_widget[name=repair_service_ids] .o_data_row [name=kia_decline_reason]:contains(太贵了)",
        },
    ],
});

tours.add("kia_service_final_inspection_fail", {
    steps: () => [
        {
            trigger: "button[name=action_kia_start_qc]",
            run: "click",
        },
        {
            content: "Fail the inspection: the work goes back",
            trigger: "button:contains(Fail: Send Back)",
            run: "click",
        },
        ...giveReason("前刹车仍有异响", "Send Back for Rework"),
        {
            trigger: ".o_notebook a.nav-link[name=kia_qc_delivery]",
            run: "click",
        },
        {
            content: "Failed, with the reason as the inspection remarks",
            trigger: ".o_field_widget[name=kia_qc_note] textarea:value(前刹车仍有异响)",
        },
    ],
});
