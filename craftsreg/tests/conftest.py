import pytest
from django.contrib.auth.models import Group

from artisans import roles as artisan_roles
from awards import roles as award_roles
from designs import roles as design_roles

# (username, group, governorate code of the staff profile): one user per staff role, and a
# registrar limited to Dhofar.
STAFF = [
    ("registrar", artisan_roles.REGISTRAR, None),
    ("dhofar-registrar", artisan_roles.REGISTRAR, "OM-ZU"),
    ("viewer", artisan_roles.VIEWER, None),
    ("design-officer", design_roles.DESIGN_OFFICERS, None),
    ("award-staff", award_roles.AWARD_STAFF, None),
    ("award-chair", award_roles.AWARD_CHAIR, None),
    # Award staff of one governorate: reviews that governorate's entries from the portal only.
    ("dhofar-award-staff", award_roles.AWARD_STAFF, "OM-ZU"),
]


@pytest.fixture
def staff(db, django_user_model):
    """{username: (user, group name)} for every staff role."""
    from artisans.models import Governorate, StaffProfile

    users = {}
    for username, group, governorate in STAFF:
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        if governorate:
            StaffProfile.objects.create(
                user=user, governorate=Governorate.objects.get(code=governorate)
            )
        users[username] = (user, group)
    return users
