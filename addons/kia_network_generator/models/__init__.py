from . import kia_network_generator
