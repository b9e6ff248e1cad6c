"""What Arabic and English pages share: how numbers print and how dates may be typed.

Each language's ``formats.py`` imports these names (Django reads a format module's attributes).
"""

__all__ = [
    "DATETIME_INPUT_FORMATS",
    "DATE_INPUT_FORMATS",
    "DECIMAL_SEPARATOR",
    "MONTH_DAY_FORMAT",
    "NUMBER_GROUPING",
    "SHORT_DATE_FORMAT",
    "THOUSAND_SEPARATOR",
    "YEAR_MONTH_FORMAT",
]

# Latin digits grouped with commas, "." as the decimal point: how Omani official statistics
# print numbers in both Arabic and English.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"

# Typed dates: day/month/year first (what the admin's calendar writes and the form shows),
# ISO too, the same in both languages (staff switch languages and keep their habits).
# craftsreg.dates also reads Arabic-Indic digits.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d",
]
