from . import kia_care_call_decline
from . import kia_rescue_cancel
