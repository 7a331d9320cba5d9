from . import test_network_generator
from . import test_goal_figures
