from . import test_network
from . import test_vehicle
from . import test_complaint
from . import test_rescue
from . import test_tech_support
from . import test_mailbox
from . import test_tour_vehicle
