from . import kia_generate
