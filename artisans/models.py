import datetime
import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Length, StrIndex, Substr
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from craftsreg.digits import DigitsField
from craftsreg.i18n import BilingualNameMixin, BilingualQuerySet, localized_value
from craftsreg.phones import PhoneField
from craftsreg.text import NAME_SEPARATOR, name_search_key, normalize_name, normalize_search

civil_number_validator = RegexValidator(
    r"^[0-9]{6,10}$",
    _("A civil number has 6 to 10 digits and nothing else."),
    code="civil_number",
)


class Governorate(BilingualNameMixin, models.Model):
    code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^OM-[A-Z]{2}$", _("Use an ISO 3166-2:OM code like OM-MA."))],
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)

    objects = BilingualQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")

    @property
    def seat(self):
        """The wilayat that is the governorate's seat (capital), if recorded."""
        return self.wilayats.filter(is_seat=True).first()


class Wilayat(BilingualNameMixin, models.Model):
    governorate = models.ForeignKey(
        Governorate,
        on_delete=models.PROTECT,
        related_name="wilayats",
        verbose_name=_("governorate"),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_seat = models.BooleanField(_("governorate seat"), default=False)

    objects = BilingualQuerySet.as_manager()

    class Meta:
        ordering = ["governorate__code", "name_en"]
        verbose_name = _("wilayat")
        verbose_name_plural = _("wilayats")
        constraints = [
            models.UniqueConstraint(
                fields=["governorate", "name_ar"], name="wilayat_unique_name_ar"
            ),
            models.UniqueConstraint(
                fields=["governorate", "name_en"], name="wilayat_unique_name_en"
            ),
            models.UniqueConstraint(
                fields=["governorate"],
                condition=Q(is_seat=True),
                name="wilayat_one_seat_per_governorate",
            ),
        ]


class CraftGroup(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)

    objects = BilingualQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("craft group")
        verbose_name_plural = _("craft groups")


class Craft(BilingualNameMixin, models.Model):
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("Stable identifier used in URLs and imports, e.g. cotton-weaving."),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    group = models.ForeignKey(
        CraftGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crafts",
        verbose_name=_("group"),
    )

    objects = BilingualQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("craft")
        verbose_name_plural = _("crafts")


class RegistrationCounter(models.Model):
    """Last registration number handed out per registration year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration counter")
        verbose_name_plural = _("registration counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"

    @classmethod
    def reserve(cls, year: int, count: int = 1) -> range:
        """Reserve ``count`` consecutive numbers for ``year``; safe under concurrent callers.

        The row lock makes two registrars saving at once get different numbers.
        """
        with transaction.atomic():
            cls.objects.get_or_create(year=year)
            counter = cls.objects.select_for_update().get(year=year)
            first = counter.last_number + 1
            counter.last_number = F("last_number") + count
            counter.save(update_fields=["last_number"])
        return range(first, first + count)


def format_registration_number(year: int, number: int) -> str:
    return f"{year}-{number:06d}"


def search_key_for(name_ar: str, name_en: str) -> str:
    """The stored search key of an artisan named ``name_ar`` / ``name_en``.

    Every writer of artisans (save(), the importer's ORM and COPY writers, the demo seeder,
    migrations, the benchmarks' COPY loader) uses this rule, so the key agrees with the names.
    """
    return name_search_key(name_ar, name_en)


# A civil number (digits) or a registration number (year-sequence).
NUMBER_TERM = re.compile(r"[0-9]+(-[0-9]+)?")
# The shortest word pg_trgm can look up in its index (it needs a trigram).
_TRIGRAM_WORD = 3
# Enough words for any name; a pasted paragraph is cut here.
_MAX_WORDS = 8
# How many artisans a name search ranks (ArtisanQuerySet.search).
SEARCH_LIMIT = 200
# Best match first; among equals, the registry's own order (newest registrations first).
SEARCH_ORDERING = ["-search_rank", "-registered_on", "-pk"]


class _WordSimilarity(models.Func):
    """pg_trgm's word_similarity(query, key): how closely some stretch of the key matches."""

    function = "word_similarity"
    output_field = models.FloatField()


class _Position(models.Func):
    """array_position(ids, pk): the rank of a row in a list of ids worked out beforehand."""

    function = "array_position"
    output_field = models.IntegerField()


def _closest_words(words: list[str], using: str) -> list[str]:
    """PostgreSQL: each query word that is in no artisan's name replaced by the closest one.

    The words of every search key are kept in artisans_searchword by a trigger (migration
    0009), a table of a few thousand distinct words with its own trigram index; looking a
    misspelt word up there takes a millisecond, where comparing it with a million keys takes
    seconds. A word without any close one is kept (and finds nobody).
    """
    from django.db import connections

    corrected = []
    with connections[using].cursor() as cursor:
        for word in words:
            if len(word) < _TRIGRAM_WORD:
                corrected.append(word)
                continue
            cursor.execute(
                "SELECT word FROM artisans_searchword WHERE word LIKE %s LIMIT 1",
                # normalize_name leaves no punctuation, so no LIKE wildcard, in a word.
                [f"%{word}%"],
            )
            if cursor.fetchone():
                corrected.append(word)
                continue
            cursor.execute(
                "SELECT word FROM artisans_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT 1",
                [word, word],
            )
            row = cursor.fetchone()
            corrected.append(row[0] if row else word)
    return corrected


def _words_match(words: list[str]) -> Q:
    match = Q()
    for word in words:
        if len(word) >= _TRIGRAM_WORD:
            match &= Q(search_key__contains=word)
        else:
            # pg_trgm finds no trigram in a word this short, and LIKE '%بن%' through the index
            # would read all of it: STRPOS/INSTR (the same test) is checked only on the rows
            # the longer words found.
            match &= Q(GreaterThanOrEqual(StrIndex("search_key", models.Value(word)), 1))
    return match


class ArtisanQuerySet(models.QuerySet):
    def search(self, term: str, *, by_civil_number: bool = True, limit: int | None = SEARCH_LIMIT):
        """Artisans matching ``term``, best first, annotated with ``search_rank``.

        A number is looked up exactly in the unique indexes (registration number; civil number
        only when ``by_civil_number``, for the roles that may search by it). Anything else is a
        name: every word of the folded query (craftsreg.text.normalize_name) must occur in the
        stored search key — LIKE, answered by the GIN trigram index on PostgreSQL. When nobody
        has them all, PostgreSQL corrects misspelt words to the closest words of the registry
        (trigram similarity) and searches again. PostgreSQL ranks by trigram word similarity;
        SQLite (the demo) finds the same artisans and ranks the whole name, then its
        beginning, first.

        At most ``limit`` (+1, so that "more than" can be said) artisans are ranked: a family
        name shared by tens of thousands would otherwise have every one of them read and
        scored for each page (seconds at 1 M artisans). ``limit=None`` (exports) finds all.
        """
        number = normalize_search(term).replace(" ", "")
        if NUMBER_TERM.fullmatch(number):
            fields = ["registration_number", *(["civil_number"] if by_civil_number else [])]
            match = Q()
            for field in fields:
                match |= Q(**{field: number})
            found = self.filter(match).annotate(search_rank=models.Value(1.0))
            return found.order_by(*SEARCH_ORDERING)
        words = normalize_name(term).split()[:_MAX_WORDS]
        if not words:
            return self.annotate(search_rank=models.Value(0.0))
        if self.db_vendor() != "postgresql":
            return self._search_like(words, limit)
        found = self._ranked(words, limit)
        if found is None:
            corrected = _closest_words(words, self.db)
            found = self._ranked(corrected, limit) if corrected != words else None
        return found if found is not None else self.none().annotate(search_rank=models.Value(0.0))

    def _ranked(self, words: list[str], limit: int | None):
        """PostgreSQL: the artisans having every word, ranked; None when there are none."""
        rank = _WordSimilarity(models.Value(" ".join(words)), F("search_key"))
        found = self.filter(_words_match(words))
        if limit is None:
            return found.annotate(search_rank=rank).order_by(*SEARCH_ORDERING)
        # Ranked here, on the first limit + 1 found only (word_similarity costs ~25 µs a row),
        # and handed to the page query as an ordered list of ids.
        rows = list(
            found.order_by()
            .annotate(rank=rank)
            .values_list("pk", "registered_on", "rank")[: limit + 1]
        )
        if not rows:
            return None
        rows.sort(key=lambda row: (row[2], row[1], row[0]))  # worst first
        ids = [row[0] for row in rows]
        position = _Position(
            models.Value(ids, output_field=ArrayField(models.BigIntegerField())), F("pk")
        )
        return self.filter(pk__in=ids).annotate(search_rank=position).order_by(*SEARCH_ORDERING)

    def _search_like(self, words: list[str], limit: int | None):
        """SQLite: LIKE on the search key; no similarity, so the whole name ranks first."""
        query = " ".join(words)
        found = self.filter(_words_match(words))
        if limit is not None:
            found = self.filter(
                pk__in=list(found.order_by().values_list("pk", flat=True)[: limit + 1])
            )
        rank = models.Case(
            models.When(
                Q(search_key__startswith=f"{query}{NAME_SEPARATOR}")
                | Q(search_key__endswith=f"{NAME_SEPARATOR}{query}"),
                then=models.Value(1.0),
            ),
            models.When(search_key__startswith=query, then=models.Value(0.9)),
            models.When(search_key__startswith=words[0], then=models.Value(0.8)),
            models.When(search_key__contains=f" {words[0]}", then=models.Value(0.7)),
            default=models.Value(0.5),
        )
        return found.annotate(search_rank=rank).order_by(*SEARCH_ORDERING)

    def possible_duplicates(
        self,
        *,
        name_ar,
        date_of_birth=None,
        wilayat_id=None,
        primary_craft_id=None,
        civil_number="",
        exclude_pk=None,
    ):
        """Artisans who may be the person described, registered under another civil number.

        The same normalised Arabic name and the same date of birth; or, when either birth date
        is unknown, the same normalised name, wilayat and primary craft. (The same civil number
        is refused outright by its unique constraint.) The name is compared on the stored
        search key, through its index on PostgreSQL.
        """
        name = normalize_name(name_ar)
        if not name:
            return self.none()
        same_place = Q(wilayat_id=wilayat_id, primary_craft_id=primary_craft_id)
        if date_of_birth:
            match = Q(date_of_birth=date_of_birth) | (same_place & Q(date_of_birth__isnull=True))
        else:
            match = same_place
        found = self.filter(match, search_key__startswith=f"{name}{NAME_SEPARATOR}")
        if civil_number:
            found = found.exclude(civil_number=civil_number)
        if exclude_pk is not None:
            found = found.exclude(pk=exclude_pk)
        return found.order_by("registration_number")

    def possible_duplicates_of_rows(self, rows) -> dict:
        """``possible_duplicates`` for many new artisans at once (an import): {key: [artisans]}.

        ``rows`` maps a caller's key (the file's line) to an unsaved Artisan with its search
        key set. One query per few thousand names instead of one per row.
        """
        by_name: dict[str, list] = {}
        for key, artisan in rows.items():
            name = artisan.search_key.split(NAME_SEPARATOR, 1)[0]
            if name:
                by_name.setdefault(name, []).append((key, artisan))
        name_key = Substr("search_key", 1, StrIndex("search_key", models.Value(NAME_SEPARATOR)) - 1)
        names = sorted(by_name)
        # PostgreSQL hashes a long IN list: one pass over the registry for any number of names.
        chunk = (len(names) or 1) if self.db_vendor() == "postgresql" else 500
        found: dict = {}
        for start in range(0, len(names), chunk):
            existing = (
                self.annotate(name_key=name_key)
                .filter(name_key__in=names[start : start + chunk])
                .order_by("registration_number")
            )
            for current in existing:
                for key, artisan in by_name.get(current.name_key, []):
                    if current.civil_number == artisan.civil_number:
                        continue
                    same_place = (current.wilayat_id, current.primary_craft_id) == (
                        artisan.wilayat_id,
                        artisan.primary_craft_id,
                    )
                    if (
                        artisan.date_of_birth and current.date_of_birth == artisan.date_of_birth
                    ) or (same_place and not (artisan.date_of_birth and current.date_of_birth)):
                        found.setdefault(key, []).append(current)
        return found

    def possible_duplicate_pairs(self, limit: int = 200) -> list[tuple]:
        """Pairs of these artisans who may be one person, most alike first: [(a, b, score)].

        The rule of the door (possible_duplicates): the same normalised Arabic name and birth
        date, or the same name, wilayat and craft when a birth date is missing. Retired
        records and pairs checked as different people are left out. The database groups the
        names that occur more than once; the pairs are formed among those few; the score is
        how alike the two search keys (both names) are. Call it on a governorate's artisans:
        a cleaning task goes governorate by governorate.
        """
        import difflib

        live = self.filter(retired_into__isnull=True)
        name_key = Substr("search_key", 1, StrIndex("search_key", models.Value(NAME_SEPARATOR)) - 1)
        repeated = (
            live.annotate(name_key=name_key)
            .values("name_key")
            .annotate(n=models.Count("pk"))
            .filter(n__gt=1)
            .exclude(name_key="")
            .values_list("name_key", flat=True)
            .order_by()
        )
        groups: dict[str, list] = {}
        for artisan in (
            live.annotate(name_key=name_key)
            .filter(name_key__in=repeated)
            .select_related("governorate", "wilayat", "primary_craft")
            .order_by("pk")
        ):
            groups.setdefault(artisan.name_key, []).append(artisan)
        pairs = []
        for group in groups.values():
            for index, first in enumerate(group):
                for second in group[index + 1 :]:
                    same_place = (first.wilayat_id, first.primary_craft_id) == (
                        second.wilayat_id,
                        second.primary_craft_id,
                    )
                    both_born = first.date_of_birth and second.date_of_birth
                    if (both_born and first.date_of_birth == second.date_of_birth) or (
                        same_place and not both_born
                    ):
                        pairs.append((first, second))
        checked = set(
            NotDuplicate.objects.filter(
                first__in=[a for a, _b in pairs], second__in=[b for _a, b in pairs]
            ).values_list("first_id", "second_id")
        )
        scored = [
            (a, b, difflib.SequenceMatcher(None, a.search_key, b.search_key).ratio())
            for a, b in pairs
            if (a.pk, b.pk) not in checked
        ]
        scored.sort(key=lambda pair: (-pair[2], pair[0].pk))
        return scored[:limit]

    def db_vendor(self) -> str:
        from django.db import connections

        return connections[self.db].vendor

    def registered(self):
        """Every artisan on the register, whatever their status (what the annual report counts)."""
        return self

    def active(self):
        return self.filter(status=Artisan.Status.ACTIVE)

    def registered_by(self, day: datetime.date):
        """Artisans whose registration date is on or before ``day``."""
        return self.filter(registered_on__lte=day)

    def in_governorate(self, governorate):
        return self.filter(governorate=governorate)

    def registration_years(self) -> list[int]:
        """Years with at least one registration, newest first, in two index-backed queries.

        ``dates("registered_on", "year")`` reads every row (a DISTINCT over the whole table:
        about 0.1 s at 1 M artisans, on every admin list view); instead the first and last
        dates come from the ends of the registration-date index, and one EXISTS probe per year
        in between keeps the answer exact (a year without registrations is not offered).
        """
        bounds = self.aggregate(first=models.Min("registered_on"), last=models.Max("registered_on"))
        if bounds["first"] is None:
            return []
        years = range(bounds["last"].year, bounds["first"].year - 1, -1)
        probes = {
            f"y{year}": models.Exists(
                self.filter(
                    registered_on__gte=datetime.date(year, 1, 1),
                    registered_on__lt=datetime.date(year + 1, 1, 1),
                )
            )
            for year in years
        }
        # One row whatever the table holds: the probes do not depend on it.
        found = self.model.objects.order_by().annotate(**probes).values(*probes)[0]
        return [year for year in years if found[f"y{year}"]]


def artisan_photo_path(instance, filename: str) -> str:
    from craftsreg.files import upload_path

    return upload_path("artisans/photos", filename)


# At module level so that Meta.constraints can name them (a class body cannot see the
# enclosing class's names); Artisan.Gender and Artisan.Status are the names to use.
class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class ArtisanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class Artisan(models.Model):
    Gender = Gender
    Status = ArtisanStatus

    civil_number = DigitsField(
        _("civil number"),
        max_length=10,
        unique=True,
        validators=[civil_number_validator],
        help_text=_("Digits only; Arabic-Indic digits are accepted and stored as 0-9."),
        error_messages={"unique": _("An artisan with this civil number is already registered.")},
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("Given by the registry when the artisan is first saved: year-sequence."),
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    phone = PhoneField(_("phone"), blank=True)
    governorate = models.ForeignKey(
        Governorate,
        on_delete=models.PROTECT,
        related_name="artisans",
        verbose_name=_("governorate"),
    )
    wilayat = models.ForeignKey(
        Wilayat, on_delete=models.PROTECT, related_name="artisans", verbose_name=_("wilayat")
    )
    primary_craft = models.ForeignKey(
        Craft,
        on_delete=models.PROTECT,
        related_name="primary_artisans",
        verbose_name=_("primary craft"),
    )
    other_crafts = models.ManyToManyField(
        Craft, blank=True, related_name="secondary_artisans", verbose_name=_("other crafts")
    )
    # Kept current by the artisan's change requests from the portal (portal.models.changes).
    workshop_address = models.TextField(
        _("workshop address"), blank=True, default="", max_length=500
    )
    registered_on = models.DateField(_("registration date"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    # The registrar's photo of the artisan for the craft card: re-encoded by craftsreg.images,
    # stored under a random name and served only by the admin's permission-checked view.
    photo = models.FileField(
        _("photo"), upload_to=artisan_photo_path, blank=True, default="", db_default=""
    )
    # Both names folded by craftsreg.text.normalize_name, kept by save() and by every bulk writer
    # (search_key_for); the people search reads it through a trigram index on PostgreSQL.
    search_key = models.TextField(_("search key"), editable=False, blank=True, default="")
    # A duplicate record retired into the artisan kept (artisans.services.artisan_retire_duplicate):
    # marked, never deleted, so what was registered under it stays traceable.
    retired_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="retired_duplicates",
        verbose_name=_("retired as a duplicate of"),
    )
    # Optimistic locking: every save adds one, and a form saved from an older version is refused
    # (ArtisanAdminForm), so one registrar's save never silently erases another's.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArtisanQuerySet.as_manager()
    # Who changed what and when, for every write path (admin, import, shell); other crafts are
    # recorded with each version too.
    history = HistoricalRecords(
        m2m_fields=[other_crafts],
        # The search key is derived from the names, which the history already holds.
        excluded_fields=["updated_at", "search_key"],
        # History is read per artisan (its id), by date and by user; indexing the copied
        # unique and foreign-key columns too would only slow bulk imports down.
        no_db_index=[
            "civil_number",
            "registration_number",
            "governorate",
            "wilayat",
            "primary_craft",
        ],
    )

    class Meta:
        ordering = ["-registered_on", "-pk"]
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        permissions = [
            # For staff who only need to name an artisan elsewhere (a design's creator):
            # the admin's autocomplete by name or registration number, nothing else.
            ("lookup_artisan", _("Can look artisans up by name or registration number")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values), name="artisan_gender_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ArtisanStatus.values), name="artisan_status_valid"
            ),
            # Digits-only is checked by the validator; the database guards the length.
            models.CheckConstraint(
                condition=Q(
                    GreaterThanOrEqual(Length("civil_number"), 6),
                    LessThanOrEqual(Length("civil_number"), 10),
                ),
                name="artisan_civil_number_length",
            ),
            models.CheckConstraint(
                condition=~Q(registration_number=""), name="artisan_registration_number_set"
            ),
            # One stored form for phones, "+968" and eight digits (craftsreg.phones).
            models.CheckConstraint(
                condition=Q(phone="") | Q(Q(phone__startswith="+968"), Exact(Length("phone"), 12)),
                name="artisan_phone_canonical",
            ),
        ]
        indexes = [
            models.Index(fields=["governorate", "registered_on"], name="artisan_gov_reg_idx"),
            models.Index(fields=["primary_craft", "registered_on"], name="artisan_craft_reg_idx"),
            models.Index(fields=["registered_on"], name="artisan_reg_idx"),
            models.Index(fields=["name_ar"], name="artisan_name_ar_idx"),
            models.Index(fields=["name_en"], name="artisan_name_en_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.name}".strip()

    def save(self, *args, **kwargs):
        self.search_key = search_key_for(self.name_ar, self.name_en)
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                extra = ["version"]
                if {"name_ar", "name_en"} & set(update_fields):
                    extra.append("search_key")
                kwargs["update_fields"] = [
                    *update_fields,
                    *(f for f in extra if f not in update_fields),
                ]
        if not self.registration_number:
            year = (self.registered_on or timezone.localdate()).year
            number = RegistrationCounter.reserve(year)[0]
            self.registration_number = format_registration_number(year, number)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return localized_value(self, "name")

    def label_for_lookup(self) -> str:
        """ "2017-000042 Salim Al-Harthi — Nizwa, pottery": namesakes told apart in look-ups."""
        return _("%(artisan)s — %(wilayat)s, %(craft)s") % {
            "artisan": self,
            "wilayat": self.wilayat.name,
            "craft": self.primary_craft.name,
        }

    def validate_constraints(self, exclude=None):
        # The registration number is assigned in save(), after validation.
        if not self.registration_number:
            exclude = {*(exclude or ()), "registration_number"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        errors = {}
        # Not expressible as a CHECK constraint (it spans two tables); every write path goes
        # through full_clean(), including the importer.
        if (
            self.governorate_id
            and self.wilayat_id
            and self.wilayat.governorate_id != self.governorate_id
        ):
            errors["wilayat"] = _(
                "The wilayat %(wilayat)s is not in the governorate %(governorate)s."
            ) % {"wilayat": self.wilayat.name, "governorate": self.governorate.name}
        today = timezone.localdate()
        if self.date_of_birth:
            if self.date_of_birth > today:
                errors["date_of_birth"] = _("The date of birth cannot be in the future.")
            elif self.date_of_birth < datetime.date(1900, 1, 1):
                errors["date_of_birth"] = _("The date of birth cannot be before 1900.")
        if self.registered_on and self.registered_on > today:
            errors["registered_on"] = _("The registration date cannot be in the future.")
        if self.date_of_birth and self.registered_on and self.registered_on < self.date_of_birth:
            errors["registered_on"] = _("The registration date cannot be before the date of birth.")
        if errors:
            raise ValidationError(errors)


class NotDuplicate(models.Model):
    """Two artisans a registrar has checked and found to be different people.

    Remembered so the possible-duplicates list does not offer the pair again. The pair is
    stored with the smaller id first, once.
    """

    first = models.ForeignKey(
        Artisan, on_delete=models.CASCADE, related_name="+", verbose_name=_("artisan")
    )
    second = models.ForeignKey(
        Artisan, on_delete=models.CASCADE, related_name="+", verbose_name=_("artisan")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("checked pair: not a duplicate")
        verbose_name_plural = _("checked pairs: not duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="not_duplicate_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="not_duplicate_ordered"
            ),
        ]


class StaffProfile(models.Model):
    """What the registry needs to know about a staff user beyond Django's user.

    A staff user with a governorate works on that governorate's artisans only (a regional
    department); without one they work on the whole registry. Superusers are never limited.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    governorate = models.ForeignKey(
        Governorate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_profiles",
        verbose_name=_("governorate"),
        help_text=_(
            "Limits the user to this governorate's artisans. Leave empty for staff who work "
            "on the whole registry."
        ),
    )

    # How the person is named on award pages, minutes and certificates: never their login name.
    # Required for anyone on an award committee or jury (awards.CommitteeMembership.clean).
    display_name_ar = models.CharField(_("display name (Arabic)"), max_length=150, blank=True)
    display_name_en = models.CharField(_("display name (English)"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return self.display_name or str(self.user)

    @property
    def display_name(self) -> str:
        """The name in the active language, else the other one ("" when neither is set)."""
        return localized_value(self, "display_name") or self.display_name_en

    @property
    def is_named(self) -> bool:
        return bool(self.display_name_ar.strip() and self.display_name_en.strip())


class ImportBatch(models.Model):
    """One uploaded import file: kept from preview to confirmation, and afterwards as a record.

    The file itself is stored in the database so the preview and the confirmation may be
    served by different application servers, and so the Authority keeps what was imported.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        APPLIED = "applied", _("Imported")
        REJECTED = "rejected", _("Rejected")

    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="artisan_imports",
        verbose_name=_("uploaded by"),
    )
    governorate = models.ForeignKey(
        Governorate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("limited to governorate"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    # The preview's report (rejected rows with line, column and reason), shown until confirmed.
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("artisan import")
        verbose_name_plural = _("artisan imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
