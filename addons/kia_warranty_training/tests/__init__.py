from . import test_claim_certification
from . import test_role_gate
