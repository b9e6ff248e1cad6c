"""Reads of the registry: ArtisanQuerySet (the people search, possible duplicates, counts)."""

import datetime
import re

from django.contrib.postgres.fields import ArrayField
from django.db import connections, models, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex, Substr
from django.db.models.lookups import GreaterThanOrEqual

from craftsreg.text import NAME_SEPARATOR, normalize_name, normalize_search

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
    0009), a table of a few thousand distinct words with its own indexes. A query word is kept
    when some word of the registry is it (the primary key: most searches are whole words) or
    holds it (a partial name, through the word table's trigram index); otherwise it is replaced
    by the most similar word of the registry (trigram similarity) — a millisecond, where
    comparing it with a million keys takes seconds. A word without any close one is kept (and
    finds nobody). Words too short for a trigram are kept as they are.

    Because every word of every key is in the table, a word kept here is exactly a word some
    key contains, and a replaced one is a word no key contains: correcting before searching
    finds what searching, then correcting when nobody was found, found — without first
    scanning the artisans' trigram index for a word nobody has. One statement for all words.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(
            # CASE evaluates its branches in order: the cheap exact look-up first, the
            # substring look-up only for a word that is no whole word, similarity last.
            "SELECT CASE "
            "WHEN length(q.word) < %s THEN q.word "
            "WHEN EXISTS (SELECT 1 FROM artisans_searchword s WHERE s.word = q.word) "
            "THEN q.word "
            # normalize_name leaves no punctuation, so no LIKE wildcard, in a word.
            "WHEN EXISTS (SELECT 1 FROM artisans_searchword s "
            "WHERE s.word LIKE '%%' || q.word || '%%') THEN q.word "
            "ELSE coalesce((SELECT s.word FROM artisans_searchword s WHERE s.word %% q.word "
            "ORDER BY similarity(s.word, q.word) DESC, s.word LIMIT 1), q.word) END "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS q (word, n) ORDER BY q.n",
            [_TRIGRAM_WORD, words],
        )
        return [row[0] for row in cursor.fetchall()]


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


# The normalised Arabic name of a stored search key (its part before NAME_SEPARATOR), as the
# SQL of possible_duplicates_of_rows writes it. On PostgreSQL it must stay exactly the
# expression of the index artisan_name_key_idx (migration 0015), or the index is not used.
_NAME_OF_KEY = {
    "postgresql": f"split_part(a.search_key, '{NAME_SEPARATOR}', 1)",
    # SQLite has no split_part; the appended separator makes a key without one its own name.
    "sqlite": f"substr(a.search_key, 1, instr(a.search_key || '{NAME_SEPARATOR}', "
    f"'{NAME_SEPARATOR}') - 1)",
}
# Rows per query on SQLite, whose statements take a bounded number of parameters (six a row).
_SQLITE_ROWS = 500


def _array_literal(values) -> str:
    """PostgreSQL's text form of a one-dimensional array of ``values`` (str, int, date, None):
    every element double-quoted with its backslashes and quotes escaped, None as NULL."""
    elements = (
        "NULL"
        if value is None
        else '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        for value in values
    )
    return "{" + ",".join(elements) + "}"


def _duplicate_pairs(using: str, table: str, values: list[tuple]) -> list[tuple[int, str]]:
    """(row index, registration number) of every registered artisan who may be the person of a
    row: ``values`` are (index, name key, birth date, wilayat id, craft id, civil number).

    The rule of ArtisanQuerySet.possible_duplicates: the same name and birth date; or the same
    name, wilayat and primary craft when either birth date is unknown; never the same civil
    number. PostgreSQL finds them through the name index (name and birth date) and keeps only
    the pairs that match, so no artisan leaves the database unless they may be a duplicate.
    """
    from django.db import connections

    if not values:
        return []
    connection = connections[using]
    vendor = connection.vendor
    # Three disjoint ways to match, each a join the name index serves on PostgreSQL (one OR
    # of them would make it read every namesake, or the whole table, instead): the same birth
    # date; an undated registered artisan at the row's place; any namesake at the place of an
    # undated row.
    name, artisans = _NAME_OF_KEY[vendor], connection.ops.quote_name(table)
    born, place, undated = (
        "a.date_of_birth = r.born",
        "a.date_of_birth IS NULL AND r.born IS NOT NULL "
        "AND a.wilayat_id = r.wilayat AND a.primary_craft_id = r.craft",
        "r.born IS NULL AND a.wilayat_id = r.wilayat AND a.primary_craft_id = r.craft",
    )
    joins = [
        f"SELECT r.i, a.registration_number FROM r JOIN {artisans} a ON {name} = r.name AND "
        f"{condition} AND a.civil_number <> r.civil"
        for condition in (born, place, undated)
    ]
    if vendor == "postgresql":
        # The same birth date: each row looks up its namesakes born that day in the name
        # index, as a lateral subquery kept from being flattened into a join by OFFSET 0. As a
        # join, the planner hashed the whole table for a large file (its default costs take
        # index pages for slow disk reads): 1.25 s against 0.45 s for 100,000 rows at 1.7 M
        # artisans.
        joins[0] = (
            f"SELECT r.i, m.registration_number FROM r CROSS JOIN LATERAL ("
            f"SELECT a.registration_number FROM {artisans} a WHERE {name} = r.name AND "
            f"{born} AND a.civil_number <> r.civil OFFSET 0) m"
        )
    match = " UNION ALL ".join(joins)
    found = []
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            # One parameter per column, whatever the number of rows; the casts type the NULLs.
            # Each column goes as one array literal ('{…}'), not as a list: psycopg2 writes a
            # list as ARRAY[e1, e2, …], which took 0.7 s of Python and seconds of the server's
            # parsing for a 100,000-row file; a literal is one string read by array_in.
            columns = zip(*values, strict=True)
            cursor.execute(
                "WITH r (i, name, born, wilayat, craft, civil) AS (SELECT * FROM unnest("
                "%s::integer[], %s::text[], %s::date[], %s::bigint[], %s::bigint[], %s::text[]"
                f")) {match}",
                [_array_literal(column) for column in columns],
            )
            return cursor.fetchall()
        adapt = connection.ops.adapt_datefield_value
        for start in range(0, len(values), _SQLITE_ROWS):
            chunk = values[start : start + _SQLITE_ROWS]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"WITH r (i, name, born, wilayat, craft, civil) AS (VALUES {placeholders}) {match}",
                [
                    value
                    for i, key, born, wilayat, craft, civil in chunk
                    for value in (i, key, adapt(born), wilayat, craft, civil)
                ],
            )
            found.extend(cursor.fetchall())
    return found


class ArtisanQuerySet(models.QuerySet):
    def search(self, term: str, *, by_civil_number: bool = True, limit: int | None = SEARCH_LIMIT):
        """Artisans matching ``term``, best first, annotated with ``search_rank``.

        A number is looked up exactly in the unique indexes (registration number; civil number
        only when ``by_civil_number``, for the roles that may search by it). Anything else is a
        name: every word of the folded query (craftsreg.text.normalize_name) must occur in the
        stored search key — LIKE, answered by the GIN trigram index on PostgreSQL. PostgreSQL
        first corrects each word that no name holds to the closest word of the registry
        (trigram similarity, _closest_words). PostgreSQL ranks by trigram word similarity;
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
        # Misspelt words are corrected before the artisans are searched, not after a search
        # that found nobody: that search is a trigram index scan of the whole registry for a
        # word no name holds (at 1 M artisans "maamary" rechecks ~1,100 rows: 22-30 ms).
        found = self._ranked(_closest_words(words, self.db), limit)
        return found if found is not None else self.none().annotate(search_rank=models.Value(0.0))

    def _ranked(self, words: list[str], limit: int | None):
        """PostgreSQL: the artisans having every word, ranked; None when there are none."""
        rank = _WordSimilarity(models.Value(" ".join(words)), F("search_key"))
        found = self.filter(_words_match(words))
        if limit is None:
            return found.annotate(search_rank=rank).order_by(*SEARCH_ORDERING)
        # Ranked here, on the first limit + 1 found only (word_similarity costs ~25 µs a row),
        # and handed to the page query as an ordered list of ids.
        with transaction.atomic(using=self.db):
            # A common word is read by a sequential scan that stops at the limit. On a large
            # table PostgreSQL starts such a scan where the last scan of it stopped
            # (synchronize_seqscans), so each request — page 2 of the same search, a reload —
            # found another limit + 1 of the tens of thousands who match, and the pages of one
            # search did not add up to one list. From the first block, the same search finds
            # the same artisans.
            with connections[self.db].cursor() as cursor:
                cursor.execute("SET LOCAL synchronize_seqscans = off")
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

    def of_civil_numbers(self, numbers: list[str]):
        """The artisans whose civil number is one of ``numbers`` (normalised, as an import's
        are), as querysets that together hold them all: one on PostgreSQL, where the numbers
        go as one array literal (``civil_number__in`` prepared each of 100,000 numbers again:
        0.4 s of an import's check, and again of its write), slices of 2,000 elsewhere
        (SQLite takes a bounded number of parameters)."""
        if connections[self.db].vendor != "postgresql":
            for start in range(0, len(numbers), 2_000):
                yield self.filter(civil_number__in=numbers[start : start + 2_000])
            return
        quote = connections[self.db].ops.quote_name
        column = f"{quote(self.model._meta.db_table)}.{quote('civil_number')}"
        listed = RawSQL(
            f"{column} = ANY(%s::varchar[])",
            [_array_literal(numbers)],
            output_field=models.BooleanField(),
        )
        yield self.alias(listed_number=listed).filter(listed_number=True)

    def possible_duplicates_of_rows(self, rows) -> dict:
        """``possible_duplicates`` for many new artisans at once (an import):
        {key: [registration numbers]}, each list in registration-number order.

        ``rows`` maps a caller's key (the file's line) to an unsaved Artisan with its search
        key set. The rule is the door's, matched in SQL: the rows are joined to the registry on
        the normalised Arabic name (the first part of the search key, through the expression
        index of migration 0015 on PostgreSQL) and only the pairs that also match on birth date
        or place come back, as registration numbers. Loading every artisan who merely shares a
        name would be millions of rows for a large file against a large registry.

        Reads the whole registry (raw SQL): a filtered queryset is refused, not ignored.
        """
        if self.query.has_filters():
            raise TypeError("possible_duplicates_of_rows reads the whole registry, unfiltered")
        keys, values = [], []
        for key, artisan in rows.items():
            name = artisan.search_key.split(NAME_SEPARATOR, 1)[0]
            if name:
                keys.append(key)
                values.append(
                    (
                        len(values),
                        name,
                        artisan.date_of_birth,
                        artisan.wilayat_id,
                        artisan.primary_craft_id,
                        artisan.civil_number,
                    )
                )
        found: dict = {}
        for index, number in _duplicate_pairs(self.db, self.model._meta.db_table, values):
            found.setdefault(keys[index], []).append(number)
        for numbers in found.values():
            numbers.sort()
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

        # Imported here: the NotDuplicate model refers to Artisan, which is built on this queryset.
        from artisans.models.duplicates import NotDuplicate

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
        return self.filter(status=self.model.Status.ACTIVE)

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
