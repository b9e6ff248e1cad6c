"""The admin's action checkbox, written without a widget template, is Django's own input."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test.html import parse_html
from django.utils import translation

from craftsreg.admin import HistoryAdmin


@pytest.mark.parametrize("language", ["ar", "en"])
def test_action_checkbox_is_the_same_input_as_djangos(language):
    user = User(pk=42, username='Salim <"Al Harthi">')
    ours = HistoryAdmin(User, admin.site)
    stock = admin.ModelAdmin(User, admin.site)
    with translation.override(language):
        assert parse_html(ours.action_checkbox(user)) == parse_html(stock.action_checkbox(user))
