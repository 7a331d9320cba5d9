from . import test_network
from . import test_vehicle
from . import test_service_flow
from . import test_appointment
from . import test_service_queries
from . import test_tour_vehicle
