"""Simplified Chinese: figures grouped by thousands with a comma (1,234), as mainland China writes them.

Django's own zh_Hans formats group by ten thousands without a separator, so 6,500
partnerships would read "6500"; dates and everything else stay Django's.
"""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
