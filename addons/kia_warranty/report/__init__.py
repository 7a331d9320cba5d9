from . import kia_warranty_claim_xlsx
from . import kia_warranty_settlement_xlsx
from . import kia_warranty_ageing
