from . import kia_complaint_report
