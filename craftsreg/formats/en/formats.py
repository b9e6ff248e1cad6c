# Latin digits grouped with commas, "." as the decimal point: how Omani official statistics
# print numbers in both Arabic and English.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# British order, as English is written in Oman: "2 June 2017", "29 November 2026, 10:18 p.m.".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, g:i a"
TIME_FORMAT = "g:i a"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y g:i a"
FIRST_DAY_OF_WEEK = 0  # Sunday

# The same typed forms as in Arabic: staff switch languages and keep their habits.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d",
]
