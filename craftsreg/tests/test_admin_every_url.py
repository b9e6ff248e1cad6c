"""Every URL the admin registers, for every staff role, against an object the role must not see.

The URLs are read from ``admin.site.get_urls()`` and each ModelAdmin's ``get_urls()`` — Django's,
the apps' and the ones libraries mix in (django-simple-history's version page, django-otp's device
pages) — so a view added later is walked too. A route parameter this test does not know how to
fill fails the test rather than being skipped. What a role may see comes from the roles'
declarations (``<app>/roles.py``), the specification the admin must follow; a governorate-limited
registrar must not see another governorate's artisan.
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from artisans import roles as artisan_roles
from artisans.models import Artisan, ImportBatch
from artisans.tests.factories import ArtisanFactory
from awards import roles as award_roles
from awards.models import (
    CategoryResult,
    CommitteeKind,
    CommitteeRecommendation,
    CommitteeSignOff,
    ConflictOfInterest,
    ResultAssent,
    ResultCorrection,
    ScoreSheet,
    ShortlistDecision,
    SiteVisit,
)
from awards.tests.factories import EditionFactory, NominationFactory, category, committee
from cards.services import card_issue
from craftsreg.models import AccessAction, PersonalDataAccess
from designs import roles as design_roles
from designs.tests.factories import DesignFactory, DesignImageFactory
from jobs.models import Job
from portal import roles as portal_roles
from portal import roles_requests as portal_request_roles


def _all_role_permissions() -> dict:
    # The portal's modules add grants to the registry's roles: concatenated, not replaced.
    merged = {}
    for module in (
        artisan_roles,
        award_roles,
        design_roles,
        portal_roles,
        portal_request_roles,
    ):
        for role, grants in module.ROLE_PERMISSIONS.items():
            merged.setdefault(role, []).extend(grants)
    return merged


ROLE_PERMISSIONS = _all_role_permissions()
# Models whose admin limits a governorate-limited user to that governorate's rows; the walk
# makes each object a Muscat one, which the Dhofar-limited roles must not reach.
SCOPED_MODELS = {
    "artisans.artisan",
    "awards.awardentry",
    "portal.changerequest",
    "portal.cardrequest",
    "portal.application",
    # A Muscat nomination and what belongs to it; the award's main committee (the walk's
    # committee), which no governorate-limited user reaches, and Muscat's committee's sign-off.
    "awards.nomination",
    "awards.scoresheet",
    "awards.conflictofinterest",
    "awards.shortlistdecision",
    "awards.sitevisit",
    "awards.committeerecommendation",
    "awards.resultcorrection",
    "awards.committee",
    "awards.committeesignoff",
}
# Site-level routes that name no object and no model: the walk must know each one.
SITE_ROUTES_WITHOUT_OBJECTS = {
    "",
    "login/",
    "logout/",
    "password_change/",
    "password_change/done/",
    "autocomplete/",
    "jsi18n/",
    "(?P<url>.*)$",
}
ADMIN = "/en/admin/"


def _visible_models(group: str) -> set[str]:
    visible = {
        f"{app}.{model}"
        for app, model, actions in ROLE_PERMISSIONS[group]
        if {"view", "change"} & set(actions)
    }
    # Craft cards are read with the artisans register's permission (cards/admin.py).
    if "artisans.artisan" in visible:
        visible.add("cards.artisancard")
    return visible


@pytest.fixture
def objects(db, django_user_model, superuser):
    """One object of every registered model, with a version in its history where it has one."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    muscat = ArtisanFactory(wilayat=_muscat_wilayat())
    muscat.name_en = "Changed once"
    muscat.save()  # two versions
    judge = django_user_model.objects.create_user("judge", password="pw")
    edition = EditionFactory(number=5)
    nomination = NominationFactory(category=category(edition), artisan=muscat)
    committee(edition, CommitteeKind.MAIN, chair=superuser)
    initial = committee(edition, CommitteeKind.INITIAL, nomination.governorate, members=[judge])
    now = timezone.now()
    design = DesignFactory(hidden=True)
    portal = _portal_objects(muscat, nomination.category.edition, superuser, now)
    made = [
        *portal,
        muscat,
        ImportBatch.objects.create(
            file_name="muscat.csv", content=b"x", sha256="0" * 64, uploaded_by=superuser
        ),
        edition,
        nomination,
        ScoreSheet.objects.create(judge=judge, nomination=nomination, stage="initial"),
        ConflictOfInterest.objects.create(
            judge=judge, nomination=nomination, reason="cousin", declared_at=now
        ),
        ShortlistDecision.objects.create(
            nomination=nomination,
            recommended=True,
            reason="x",
            decided_by=superuser,
            decided_at=now,
        ),
        CategoryResult.objects.create(
            category=nomination.category,
            approved_by=superuser,
            approved_at=now,
            computed_order=[],
            approved_order=[],
        ),
        SiteVisit.objects.create(
            nomination=nomination,
            stage="initial",
            visited_on=datetime.date(2017, 3, 1),
            recorded_by=judge,
        ),
        CommitteeRecommendation.objects.create(
            committee=initial,
            nomination=nomination,
            qualify=True,
            reason="x",
            recorded_by=judge,
            recorded_at=now,
        ),
        CommitteeSignOff.objects.create(
            committee=initial,
            met_on=datetime.date(2017, 5, 1),
            minutes="Met.",
            signed_by=judge,
            signed_at=now,
        ),
        ResultAssent.objects.create(edition=edition, member=judge, at=now),
        ResultCorrection.objects.create(
            category=nomination.category,
            nomination=nomination,
            by=superuser,
            at=now,
            reason="Typo",
            changes=[{"field": "title", "before": "a", "after": "b"}],
        ),
        design,
        design.batch,
        card_issue(artisan=muscat, by=superuser),
        TOTPDevice.objects.create(user=superuser, name="phone"),
        AccessAttempt.objects.create(
            username="x", ip_address="10.0.0.1", failures_since_start=1, attempt_time=now
        ),
        AccessLog.objects.create(username="x", ip_address="10.0.0.1", attempt_time=now),
        AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1", attempt_time=now),
        Job.objects.create(kind="artisans.export", owner=superuser),
        # The access log: no role reads it (only superusers and holders of its permission).
        PersonalDataAccess.objects.create(
            user=superuser,
            action=AccessAction.VIEWED_RECORD,
            content_type=ContentType.objects.get_for_model(Artisan),
            object_id=str(muscat.pk),
            subject_label=muscat.registration_number,
            path="/",
        ),
    ]
    by_model = {type(obj): obj for obj in made}
    by_model[django_user_model] = judge
    for model in admin.site._registry:
        if model not in by_model:
            # Reference data and groups come from the data migrations.
            by_model[model] = model._default_manager.order_by("pk").first()
        assert by_model[model] is not None, f"make an object of {model._meta.label} here"
    return {
        "by_model": by_model,
        "image": DesignImageFactory(design=design),
        "batch": by_model[ImportBatch],
        "entry_photo": portal[-1].photos.get(),
    }


def _portal_objects(muscat, edition, superuser, now) -> list:
    """A Muscat artisan's portal account, application, change and card requests and award
    entry (the edition is moved to its nominations stage for the entry, then back)."""
    from django.core.files.base import ContentFile

    from awards.models import Edition, Stage
    from awards.services import entry_submit
    from designs.tests.factories import image_bytes
    from portal import services_requests
    from portal.models import Application, ArtisanAccount

    user = type(superuser).objects.create_user("muscat-artisan", "m@example.invalid", "pw")
    account = ArtisanAccount.objects.create(
        user=user,
        artisan=muscat,
        linked_at=now,
        civil_number=muscat.civil_number,
        name="Muscat artisan",
        mobile="+96899000001",
        email_verified_at=now,
    )
    application = Application.objects.create(
        account=account,
        civil_number="12345678",
        name_ar="متقدم",
        gender="male",
        date_of_birth=datetime.date(1990, 1, 1),
        phone="+96899000002",
        governorate=muscat.governorate,
        wilayat=muscat.wilayat,
        primary_craft=muscat.primary_craft,
        workshop_address="Muttrah",
        photo=ContentFile(image_bytes(), name="p.jpg"),
        id_copy=ContentFile(image_bytes(), name="id.jpg"),
        privacy_consent_at=now,
        privacy_notice_version="1",
    )
    change = services_requests.change_request_submit(
        artisan=muscat, by=user, kind="phone", phone="+96899000003"
    )
    card_request = services_requests.card_request_submit(artisan=muscat, by=user, kind="issue")
    stage = edition.stage
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.NOMINATIONS)
    edition.refresh_from_db()
    entry = entry_submit(
        artisan=muscat,
        category=category(edition, "project"),
        by=user,
        photos=[ContentFile(image_bytes(), name="w.jpg")],
        craft=muscat.primary_craft,
        title="Muscat work",
        description="d",
        workforce=1,
        trainees=1,
        omani_materials_percent=10,
    )
    Edition.objects.filter(pk=edition.pk).update(stage=stage)
    return [account, application, change, card_request, entry]


def _muscat_wilayat():
    from artisans.models import Wilayat

    return Wilayat.objects.get(name_en="Muscat")


def _fill(pattern, values: dict, positional: list) -> str:
    """The concrete path of a route, its parameters taken from ``values`` (by name) and
    ``positional`` (regex groups without a name, in order)."""
    if isinstance(pattern, RegexPattern):
        route = pattern._regex.lstrip("^").rstrip("$")
        named = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
        queue = list(positional)
        return re.sub(r"\([^)]*\)", lambda m: str(queue.pop(0)), named)
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), str(pattern))


def _names_an_object(pattern) -> bool:
    if isinstance(pattern, RegexPattern):
        return pattern.regex.groups > 0
    return bool(re.search(r"<(?:\w+:)?(object_id|pk|id|batch_id|image_pk|photo_pk)>", str(pattern)))


def _model_urls(model, model_admin, obj, objects, object_urls_only: bool):
    history = getattr(model, "history", None)
    version = obj.history.order_by("history_id").first().history_id if history else None
    values = {
        "object_id": obj.pk,
        "pk": obj.pk,
        "id": obj.pk,
        # Another user's import and an image of the hidden design.
        "batch_id": objects["batch"].pk,
        "image_pk": objects["image"].pk,
        "photo_pk": objects["entry_photo"].pk,
        "extension": "csv",
    }
    prefix = f"{ADMIN}{model._meta.app_label}/{model._meta.model_name}/"
    for pattern in model_admin.get_urls():
        assert isinstance(pattern, URLPattern), f"nested URLs in {model_admin}: walk them too"
        if object_urls_only and not _names_an_object(pattern.pattern):
            continue
        yield prefix + _fill(pattern.pattern, values, [obj.pk, version])


def _cases(objects, staff):
    """(username, url) pairs: every URL that must be refused to that user."""
    for username, (_user, group) in staff.items():
        visible = _visible_models(group)
        for model, model_admin in admin.site._registry.items():
            label = model._meta.label_lower
            obj = objects["by_model"][model]
            if label not in visible:
                urls = list(_model_urls(model, model_admin, obj, objects, False))
            elif label in SCOPED_MODELS and username.startswith("dhofar-"):
                # Visible model, hidden object: a Muscat row for a Dhofar-limited user.
                urls = list(_model_urls(model, model_admin, obj, objects, True))
            elif model is Artisan:
                # Every registrar and viewer may see the artisan; not another user's import.
                urls = [
                    u
                    for u in _model_urls(model, model_admin, obj, objects, True)
                    if "/import/" in u
                ]
            else:
                continue
            content_type = ContentType.objects.get_for_model(model)
            if label not in visible or username.startswith("dhofar-"):
                urls.append(f"{ADMIN}r/{content_type.pk}/{obj.pk}/")
            for url in urls:
                yield username, url
        apps_seen = {label.split(".")[0] for label in visible}
        for app_label in {m._meta.app_label for m in admin.site._registry} - apps_seen:
            yield username, f"{ADMIN}{app_label}/"


def test_the_walk_knows_every_site_level_url():
    model_prefixes = {f"{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry}
    for entry in admin.site.get_urls():
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            assert route in model_prefixes, route
        elif entry.name in ("view_on_site", "app_list"):
            continue  # walked in _cases
        else:
            assert route in SITE_ROUTES_WITHOUT_OBJECTS, f"walk the new admin URL {route}"


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_admin_url_refuses_what_the_role_may_not_see(client, objects, staff, method):
    cases = list(_cases(objects, staff))
    # Every role, every model the role may not see, every URL of it.
    assert len(cases) > 300
    assert any(re.search(r"/history/[0-9]+/$", url) for _, url in cases)
    # Another governorate's application, change and card requests and award entry: their pages,
    # files and decisions, for the Dhofar-limited registrar and award staff.
    dhofar_urls = {
        (url.split("/")[4], url.rsplit("/", 2)[-2])
        for user, url in cases
        if user.startswith("dhofar-") and ("/admin/portal/" in url or "/awardentry/" in url)
    }
    assert {("application", n) for n in ("change", "decide", "photo", "id-copy")} <= dhofar_urls
    assert {("changerequest", n) for n in ("change", "approve", "decline", "photo")} <= dhofar_urls
    assert {("cardrequest", n) for n in ("change", "fulfil", "decline")} <= dhofar_urls
    assert {("awardentry", n) for n in ("change", "accept", "decline")} <= dhofar_urls
    failures = []
    current = None
    for username, url in cases:
        if username != current:
            client.force_login(staff[username][0])
            current = username
        response = getattr(client, method)(url, {"name_en": "Stolen", "_save": "1"})
        if response.status_code not in (403, 404):
            failures.append(f"{method.upper()} {url} as {username}: {response.status_code}")
    assert not failures, "\n".join(failures)
    muscat = objects["by_model"][Artisan]
    muscat.refresh_from_db()
    assert muscat.name_en == "Changed once"


def test_scoped_registrar_cannot_read_a_version_of_another_governorates_artisan(
    client, objects, staff
):
    muscat = objects["by_model"][Artisan]
    version = muscat.history.earliest("history_date")
    client.force_login(staff["dhofar-registrar"][0])
    url = f"{ADMIN}artisans/artisan/{muscat.pk}/history/{version.history_id}/"
    response = client.get(url)
    assert response.status_code == 404
    assert muscat.civil_number not in response.content.decode()


# --- restoring a version -------------------------------------------------------------------------


def _version_url(artisan, version) -> str:
    return f"{ADMIN}artisans/artisan/{artisan.pk}/history/{version.history_id}/"


def _artisan_form(artisan, **changes) -> dict:
    data = {
        "civil_number": artisan.civil_number,
        "name_ar": artisan.name_ar,
        "name_en": artisan.name_en,
        "gender": artisan.gender,
        "date_of_birth": artisan.date_of_birth.isoformat(),
        "phone": artisan.phone,
        "governorate": artisan.governorate_id,
        "wilayat": artisan.wilayat_id,
        "primary_craft": artisan.primary_craft_id,
        "registered_on": artisan.registered_on.isoformat(),
        "status": artisan.status,
    }
    return {**data, **changes}


@pytest.mark.django_db(transaction=True)
def test_staff_who_may_see_an_artisan_still_cannot_post_its_version_form(
    client, reference_data, django_user_model
):
    # The penetration test's POST: simple-history saved the form itself, outside a transaction
    # (a 500 on PostgreSQL, by accident only) and after checking view permission only.
    artisan = ArtisanFactory(name_en="Original")
    version = artisan.history.get()
    for group in (artisan_roles.VIEWER, artisan_roles.REGISTRAR):
        user = django_user_model.objects.create_user(group, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        response = client.post(
            _version_url(artisan, version),
            _artisan_form(artisan, name_en="Rewritten", seen_version=artisan.version),
        )
        assert response.status_code == 403
    artisan.refresh_from_db()
    assert artisan.name_en == "Original"
    assert artisan.history.count() == 1


@pytest.mark.django_db(transaction=True)
def test_superuser_restores_a_version_through_the_normal_change_path(
    client, reference_data, django_user_model
):
    superuser = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    artisan = ArtisanFactory(name_en="Original")
    first = artisan.history.get()
    artisan.name_en = "Renamed"
    artisan.save()
    client.force_login(superuser)
    page = client.get(_version_url(artisan, first))
    assert page.status_code == 200 and "Original" in page.content.decode()

    # A form opened before someone else saved is refused by the optimistic lock.
    stale = client.post(
        _version_url(artisan, first),
        _artisan_form(artisan, name_en="Original", seen_version=artisan.version - 1),
    )
    assert stale.status_code == 200
    assert "Someone else saved this artisan" in stale.content.decode()
    artisan.refresh_from_db()
    assert artisan.name_en == "Renamed"

    restored = client.post(
        _version_url(artisan, first),
        _artisan_form(artisan, name_en="Original", seen_version=artisan.version),
    )
    assert restored.status_code == 302
    artisan.refresh_from_db()
    assert artisan.name_en == "Original"
    latest = artisan.history.latest("history_date")
    assert latest.history_user == superuser and latest.name_en == "Original"


def test_every_history_admin_closes_restoring_versions():
    from simple_history.admin import SimpleHistoryAdmin

    from craftsreg.admin import HistoryAdmin

    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert isinstance(model_admin, HistoryAdmin), model._meta.label
