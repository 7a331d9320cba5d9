from . import test_claim_certification
