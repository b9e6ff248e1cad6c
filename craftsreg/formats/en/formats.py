# The number formats and typed date forms both languages share; Django reads every name here.
from craftsreg.formats.common import *  # noqa: F403

# British order, as English is written in Oman: "2 June 2017", "29 November 2026, 10:18 p.m.".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, g:i a"
TIME_FORMAT = "g:i a"
SHORT_DATETIME_FORMAT = "d/m/Y g:i a"
FIRST_DAY_OF_WEEK = 0  # Sunday
