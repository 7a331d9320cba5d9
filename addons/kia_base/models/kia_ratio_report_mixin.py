from odoo import models
from odoo.tools import SQL


class KiaRatioReportMixin(models.AbstractModel):
    """Ratios of a report stored with their numerator and denominator, so that grouped they
    are sum(numerator) × factor / sum(denominator) of the group's rows, never an average of
    the rows' ratios (a pivot over months or dealers then shows the right figure).

    A report lists its ratios in ``_kia_ratio_specs()``: ``{ratio field: (numerator field,
    denominator field, factor)}``; the fields must be columns of the report.
    """

    _name = "kia.ratio.report.mixin"
    _description = "Report with Ratios Grouped as Sum over Sum"

    def _kia_ratio_specs(self):
        return {}

    def _read_group_select(self, aggregate_spec, query):
        fname, __, func = models.parse_read_group_spec(aggregate_spec)
        spec = self._kia_ratio_specs().get(fname)
        if not spec or func not in ("sum", "avg"):
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = spec
        return SQL(
            "SUM(%s) * %s / NULLIF(SUM(%s), 0)",
            self._field_to_sql(self._table, numerator, query),
            factor,
            self._field_to_sql(self._table, denominator, query),
        )
