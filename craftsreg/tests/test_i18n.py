import re
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import translation

from craftsreg.i18n import Bilingual, localized_field, url_in_language
from craftsreg.tests.html import parse

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def test_arabic_catalogue_has_no_untranslated_or_fuzzy_message():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue.translated_entries()) > 50


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\([a-z_]+\)[sd]|%[sd]", text))


def test_arabic_catalogue_keeps_placeholders():
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        if entry.msgid_plural:
            # Arabic has six plural forms; a form may leave the number out ("one artisan"),
            # but none may bring in a placeholder the English does not have.
            expected = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
            for form in entry.msgstr_plural.values():
                assert _placeholders(form) <= expected, entry.msgid
        else:
            assert _placeholders(entry.msgstr) == _placeholders(entry.msgid), entry.msgid


@pytest.mark.parametrize(
    ("accept_language", "target"), [("ar-OM,ar;q=0.9", "/ar/"), ("en-GB,en;q=0.8", "/en/")]
)
def test_root_redirects_to_the_visitors_language(client, accept_language, target):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == target


def test_root_defaults_to_arabic_for_other_languages(client):
    response = client.get("/", headers={"accept-language": "fr-FR"})
    assert response["Location"] == "/ar/"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_pages_declare_language_and_direction(client, language, direction):
    response = client.get(f"/{language}/")
    assert parse(response.text).find("html").attrs == {"lang": language, "dir": direction}


@pytest.mark.django_db
def test_arabic_page_is_in_arabic(client):
    response = client.get("/ar/")
    assert "الهيئة العامة للصناعات الحرفية" in response.text
    assert "سجل الصناعات الحرفية" in response.text


@pytest.mark.django_db
def test_admin_works_in_both_languages(client, superuser):
    client.force_login(superuser)
    arabic = client.get("/ar/admin/").text
    english = client.get("/en/admin/").text
    assert "تسجيل الخروج" in arabic  # Django's own Arabic for "Log out"
    assert "سجل الحرفيين" in arabic  # the artisans app in our catalogue
    assert "Log out" in english
    assert "Artisans registry" in english


def test_language_links_keep_path_and_query_string():
    assert url_in_language("/ar/?year=2017&craft=pottery", "en") == "/en/?year=2017&craft=pottery"
    assert url_in_language("/en/admin/", "ar") == "/ar/admin/"
    # A page that does not resolve (a 404) still switches language.
    assert url_in_language("/en/no-such-page/?q=1", "ar") == "/ar/no-such-page/?q=1"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_numbers_are_grouped_with_commas_in_both_languages(language):
    with translation.override(language):
        rendered = Template("{% load humanize %}{{ n|intcomma }}").render(Context({"n": 20642}))
    assert rendered == "20,642"


def test_localized_field_follows_the_active_language():
    with translation.override("en"):
        assert localized_field("name") == "name_en"
    with translation.override("ar"):
        assert localized_field("name") == "name_ar"


def test_bilingual_attributes_read_the_active_language_and_fall_back_to_arabic():
    class Page:
        title = Bilingual("title")

        def __init__(self, title_ar, title_en):
            self.title_ar, self.title_en = title_ar, title_en

    with translation.override("en"):
        assert Page("مسبحة", "Rosary").title == "Rosary"
        assert Page("مسبحة", "").title == "مسبحة"
    with translation.override("ar"):
        assert Page("مسبحة", "Rosary").title == "مسبحة"
    assert isinstance(Page.title, Bilingual)  # the class attribute, for the admin's labels


@pytest.mark.django_db
def test_hreflang_alternates_are_absolute_with_an_x_default(client):
    html = client.get("/en/statistics/?year=2017").content.decode()

    links = parse(html).find_all("link", rel="alternate")
    alternates = [(link.attrs["hreflang"], link.attrs["href"]) for link in links]
    assert alternates == [
        ("ar", "http://testserver/ar/statistics/?year=2017"),
        ("en", "http://testserver/en/statistics/?year=2017"),
        ("x-default", "http://testserver/ar/statistics/?year=2017"),
    ]
