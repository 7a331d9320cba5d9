import { registry } from "@web/core/registry";

// A service advisor registers a customer's vehicle from the Kia After-Sales menu.
registry.category("web_tour.tours").add("kia_vehicle_register", {
    url: "/odoo/action-kia_base.fleet_vehicle_action",
    steps: () => [
        {
            content: "Create a vehicle",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Pick the Kia model",
            trigger: ".o_field_widget[name=model_id] input",
            run: "edit EV6",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(EV6)",
            run: "click",
        },
        {
            content: "Type the VIN",
            trigger: ".o_field_widget[name=vin_sn] input",
            run: "edit LJDEVC16XRY000077",
        },
        {
            content: "Type the plate",
            trigger: ".o_field_widget[name=license_plate] input",
            run: "edit 沪AD66666",
        },
        {
            content: "Choose the owner",
            trigger: ".o_field_widget[name=kia_owner_id] input",
            run: "edit 导览客户",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains(导览客户)",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the form is clean again",
            trigger: ".o_form_saved",
        },
    ],
});
