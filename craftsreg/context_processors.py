from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from craftsreg.i18n import url_in_language

# Public sections in navigation order. A section appears once its app provides the URL, so the
# navigation never links to a page that does not exist.
PUBLIC_SECTIONS = [
    ("home", _("Home")),
    ("artisans:statistics", _("Statistics")),
    ("awards:edition_list", _("Craft Excellence Award")),
    ("designs:catalogue", _("Craft designs")),
    # Where artisans apply, keep their record current and enter the award.
    ("portal:home", _("Artisans' portal")),
]


def _navigation():
    items = []
    for url_name, label in PUBLIC_SECTIONS:
        try:
            items.append({"url_name": url_name, "url": reverse(url_name), "label": label})
        except NoReverseMatch:
            continue
    return items


def site(request):
    full_path = request.get_full_path()
    language_links = [
        {"code": code, "name": name, "url": url_in_language(full_path, code)}
        for code, name in settings.LANGUAGES
    ]
    # <link rel="alternate" hreflang> needs absolute URLs (search engines ignore relative ones,
    # and Lighthouse fails the page), plus an x-default: Arabic, the site's default language.
    alternates = [
        {"hreflang": link["code"], "href": request.build_absolute_uri(link["url"])}
        for link in language_links
    ]
    default = next(a["href"] for a in alternates if a["hreflang"] == settings.LANGUAGE_CODE)
    alternates.append({"hreflang": "x-default", "href": default})
    return {
        "navigation": _navigation(),
        "language_links": language_links,
        "alternates": alternates,
    }
