# Latin digits grouped with commas, "." as the decimal point: how Omani official statistics
# print numbers in both Arabic and English.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Dates in an Arabic order, day first: "2 يونيو 2017", "29 نوفمبر 2026، 10:18 م". Django's stock
# Arabic formats ("j F، Y") put a comma between month and year, which wraps as "31 ديسمبر، 7".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
TIME_FORMAT = "g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y g:i A"
FIRST_DAY_OF_WEEK = 6  # Saturday

# Typed dates: day/month/year first (what the admin's calendar writes and the form shows),
# ISO too. craftsreg.dates also reads Arabic-Indic digits.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d",
]
