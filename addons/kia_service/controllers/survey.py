from odoo.http import request

from odoo.addons.survey.controllers.main import Survey


class KiaFollowupSurvey(Survey):
    def _check_validity(self, survey_token, answer_token, ensure_token=True, check_partner=True):
        if check_partner and answer_token:
            _survey_sudo, answer_sudo = self._fetch_from_access_token(survey_token, answer_token)
            if answer_sudo.kia_repair_id and self._kia_is_followup_caller(answer_sudo):
                # Customer relations fill in the customer's follow-up questionnaire during the
                # call: the answer is the customer's, not the caller's.
                check_partner = False
        return super()._check_validity(
            survey_token, answer_token, ensure_token=ensure_token, check_partner=check_partner
        )

    def _kia_is_followup_caller(self, answer_sudo):
        """Customer relations of the repair order's own dealer: another dealer's caller (or
        one holding the token of an answer they may not read) is treated as any other user
        whose answer this is not."""
        user = request.env.user
        if not user.has_group("kia_base.group_customer_relations"):
            return False
        return answer_sudo.with_user(user).has_access("read")
