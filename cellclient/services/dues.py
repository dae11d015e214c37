"""Dues (đảng phí): the one place other code imports the dues services from.

The work is split by job: ``dues_assess`` (what is due and paid, derived),
``dues_lines`` (each member's line of a month), ``dues_ledger`` (payments
and reversals), ``dues_adjust`` (hardship decisions), ``dues_report``
(monthly report, arrears) and ``dues_settings``.
The rules themselves are data: see ``cellclient.dues_rules``.
"""

from __future__ import annotations

from .dues_adjust import add_adjustment, get_adjustment, list_adjustments, remove_adjustment
from .dues_assess import allocate
from .dues_ledger import get_payment, list_payments, record_payment, reverse_payment
from .dues_lines import DuesLine, assess_month
from .dues_report import Arrears, MonthReport, arrears, month_report
from .dues_settings import dues_setting, dues_settings, set_dues_settings, set_extra_rule_sets

__all__ = [
    "Arrears", "DuesLine", "MonthReport", "add_adjustment", "allocate", "arrears",
    "assess_month", "dues_setting", "dues_settings", "get_adjustment", "get_payment", "list_adjustments",
    "list_payments", "month_report", "record_payment", "remove_adjustment", "reverse_payment",
    "set_dues_settings", "set_extra_rule_sets",
]
