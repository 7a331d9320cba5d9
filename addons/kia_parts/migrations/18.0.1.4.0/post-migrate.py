import logging

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """Deposit movements posted before head office kept its side get their entry in head
    office's books: head office's deposit accounts are found in its chart, then each posted
    movement (oldest first, a reversal after what it reverses) posts its mirrored entry."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Line = env["kia.parts.deposit.line"]
    lines = Line.search([("state", "=", "posted"), ("hq_move_id", "=", False)], order="id")
    if not lines:
        return
    hqs = lines.company_id.kia_hq_company_id
    try:
        env["res.config.settings"].create(
            [{"company_id": hq.id} for hq in hqs]
        ).action_kia_parts_setup_deposit()
    except UserError as error:
        _logger.warning(
            "Deposit movements keep no entry in head office's books until its deposit "
            "accounts are chosen: %s",
            error,
        )
        return
    for line in lines:
        if line.reversal_of_id:
            original = line.reversal_of_id.hq_move_id
            hq_move = original._reverse_moves(
                [{"ref": f"{line.name} {line.note or ''}".strip(), "date": line.date}]
            )
        else:
            hq_move = env["account.move"].create(line._prepare_move_vals(hq_side=True))
        hq_move.action_post()
        with line._kia_unlocked("hq_move_id"):
            line.write({"hq_move_id": hq_move.id})
