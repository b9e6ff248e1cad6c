import pytest
from django.db import IntegrityError, transaction

from portal.models import Application, ArtisanAccount
from portal.tests.factories import AccountFactory, ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [ArtisanAccount, Application])
def test_database_refuses_a_civil_number_shorter_than_six_digits(model):
    # Past the validator (a bulk write): the registry's rule, 6 to 10 digits, holds in the table
    # (longer than 10 is the column's own limit).
    row = AccountFactory() if model is ArtisanAccount else ApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(civil_number="12345")


def test_six_and_ten_digits_are_both_accepted(account):
    for civil_number in ("123456", "1234567890"):
        ArtisanAccount.objects.filter(pk=account.pk).update(civil_number=civil_number)
        account.refresh_from_db()
        assert account.civil_number == civil_number
