import { registry } from "@web/core/registry";

// The workshop kiosk at phone size: the foreman's shared screen, where a technician
// identifies with his PIN, and the technician's own phone.
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
        // once the notifications are gone: the screen as the technician reads it
        trigger: "body:not(:has(.o_notification))",
        run() {
            console.log(`kia-tour-screenshot ${name}`);
        },
    };
}

function job(name) {
    return `.o_kia_kiosk_job:has(.o_kia_kiosk_job_name:contains(${name}))`;
}

function jobIs(name, state) {
    return {
        content: `${name} is ${state}`,
        trigger: `${job(name)} .o_kia_kiosk_job_state:contains(${state})`,
    };
}

function typePin(pin) {
    return [...pin].map((digit) => ({
        content: `Type ${digit}`,
        trigger: `.o_kia_kiosk_digit:contains(${digit})`,
        run: "click",
    }));
}

tours.add("kia_service_kiosk", {
    steps: () => [
        {
            content: "Tap my name",
            trigger: ".o_kia_kiosk_who:contains(t_tech_a)",
            run: "click",
        },
        ...typePin("9999"),
        { trigger: ".o_kia_kiosk_pin_ok", run: "click" },
        {
            content: "A wrong PIN is refused",
            trigger: ".o_notification:contains(Wrong PIN)",
        },
        {
            content: "The PIN pad is cleared for another try",
            trigger: ".o_kia_kiosk_pin_ok:disabled",
        },
        ...typePin("4321"),
        { trigger: ".o_kia_kiosk_pin_ok", run: "click" },
        {
            content: "My jobs, named after their operation",
            trigger: `${job("Front brake pads")}`,
        },
        {
            content: "Only my own jobs",
            trigger: ".o_kia_kiosk:not(:has(.o_kia_kiosk_job_name:contains(Oil change)))",
        },
        { trigger: `${job("Front brake pads")} .o_kia_kiosk_start`, run: "click" },
        jobIs("Front brake pads", "In Progress"),
        screenshot("kiosk_jobs"),
        { trigger: `${job("Front brake pads")} .o_kia_kiosk_pause`, run: "click" },
        { trigger: ".o_kia_kiosk_reason_parts", run: "click" },
        jobIs("Front brake pads", "Paused"),
        { trigger: `${job("Front brake pads")} .o_kia_kiosk_report`, run: "click" },
        {
            trigger: ".o_kia_kiosk_work",
            run: "edit Rear brake discs worn",
        },
        {
            content: "Take a photo of the worn discs",
            trigger: ".o_kia_kiosk_photo:not(:visible)",
            async run() {
                // what the phone's camera hands the page: a picture file in the input
                const response = await fetch("/kia_service/static/description/icon.png");
                const picture = new File([await response.blob()], "rear_discs.png", {
                    type: "image/png",
                });
                const input = document.querySelector(".o_kia_kiosk_photo");
                const files = new DataTransfer();
                files.items.add(picture);
                input.files = files.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The photo is attached to the report",
            trigger: "label[for=kia_kiosk_photo]:contains(rear_discs.png)",
        },
        { trigger: ".o_kia_kiosk_report_send", run: "click" },
        {
            content: "Reported: it waits for the customer",
            trigger: ".o_notification:contains(waits for the customer's approval)",
        },
        { trigger: `${job("Front brake pads")} .o_kia_kiosk_finish`, run: "click" },
        {
            content: "Nothing left to do",
            trigger: ".o_kia_kiosk_nojobs",
        },
        { trigger: ".o_kia_kiosk_signout", run: "click" },
        {
            content: "The next technician's turn",
            trigger: ".o_kia_kiosk_who",
        },
    ],
});

tours.add("kia_service_kiosk_phone", {
    steps: () => [
        { trigger: `${job("Oil change")} .o_kia_kiosk_start`, run: "click" },
        jobIs("Oil change", "In Progress"),
        screenshot("phone_jobs"),
        { trigger: `${job("Oil change")} .o_kia_kiosk_finish`, run: "click" },
        { trigger: ".o_kia_kiosk_nojobs" },
    ],
});
