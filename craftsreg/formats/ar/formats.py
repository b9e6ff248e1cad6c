# Latin digits grouped with commas, "." as the decimal point: how Omani official statistics
# print numbers in both Arabic and English.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
