from . import test_complaint
from . import test_rescue
from . import test_tech_support
from . import test_mailbox
from . import test_care_due
from . import test_care_call
from . import test_followup_complaint
from . import test_settings
