from . import test_network_generator
