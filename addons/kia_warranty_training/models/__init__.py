from . import kia_warranty_claim
