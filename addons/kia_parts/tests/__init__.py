from . import test_roles
from . import test_parts_master
from . import test_deposit
from . import test_ordering
from . import test_receiving
from . import test_issuing
from . import test_stocktake
from . import test_stock_report
