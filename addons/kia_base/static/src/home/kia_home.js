import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { user } from "@web/core/user";

/**
 * A role's home: for each of the user's Kia roles, cards counting the records waiting in the
 * role's lists and how many of them are late; a card opens its list on those records.
 */
export class KiaHome extends Component {
    static template = "kia_base.KiaHome";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ sections: [] });
        this.userName = user.name;
        onWillStart(() => this.load());
    }

    async load() {
        this.state.sections = await this.orm.call("kia.home.tile", "get_home_cards", []);
    }

    async open(card, late = false) {
        const action = await this.orm.call("kia.home.tile", "action_open", [[card.id]], {
            late,
        });
        await this.action.doAction(action);
    }
}

registry.category("actions").add("kia_base.home", KiaHome);
