from . import kia_warranty_claim_reject
from . import kia_warranty_claim_return
