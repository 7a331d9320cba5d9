from . import kia_parts_claim_reject
from . import kia_parts_deposit_statement
