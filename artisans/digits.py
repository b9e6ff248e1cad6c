"""Kept only because migrations 0001 and 0004 import ``artisans.digits.DigitsField``; the digit
helpers live in ``craftsreg.digits``."""

from craftsreg.digits import DigitsField

__all__ = ["DigitsField"]
