from . import kia_parts_claim_reject
