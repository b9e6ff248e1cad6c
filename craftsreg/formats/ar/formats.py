# The number formats and typed date forms both languages share; Django reads every name here.
from craftsreg.formats.common import *  # noqa: F403

# Dates in an Arabic order, day first: "2 يونيو 2017", "29 نوفمبر 2026، 10:18 م". Django's stock
# Arabic formats ("j F، Y") put a comma between month and year, which wraps as "31 ديسمبر، 7".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
TIME_FORMAT = "g:i A"
SHORT_DATETIME_FORMAT = "d/m/Y g:i A"
FIRST_DAY_OF_WEEK = 6  # Saturday
