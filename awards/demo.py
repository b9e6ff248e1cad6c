"""Demo data of the award: edition 4 (2016) announced with public winners; edition 5 (2017) in
final judging as the source describes it (docs/sources.md §2): initial evaluations done in
every governorate with site visits, each governorate committee's recommendations signed off with
minutes, more than 40 craft products and 5 craft projects in the final stage, jurors with
submitted sheets and drafts, one declared conflict of interest, deadlines per scoring stage, and
every person named in Arabic and English.

Deterministic (fixed seed, artisans picked by civil number) and idempotent: an edition that
exists is left alone, and users, groups and memberships are matched by name.
"""

import datetime
import random
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from artisans.demo import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES
from artisans.models import Artisan, Craft, Governorate, StaffProfile
from awards import models, roles, services
from awards.demo_pictures import work_photo
from awards.results import stage_results

SEED = 20170305
JUROR2_PASSWORD = "judge2-demo-2017"
TZ = datetime.timezone(datetime.timedelta(hours=4))  # Asia/Muscat, no DST

# Products and projects of the kind the Authority's award receives.
PRODUCT_TITLES = [
    ("سجادة صوف منسوجة يدويًا", "Hand-woven wool rug", "wool-weaving"),
    ("مصر قطني مطرز", "Embroidered cotton massar", "cotton-weaving"),
    ("خنجر عماني بغمد فضي", "Omani khanjar with silver sheath", "khanjar"),
    ("مبخرة فخارية مزخرفة", "Decorated clay incense burner", "pottery"),
    ("سلة من سعف النخيل", "Palm-frond basket", "palm-frond"),
    ("قلادة فضية تقليدية", "Traditional silver necklace", "silverware"),
    ("مندوس خشبي منقوش", "Carved wooden chest (mandoos)", "woodwork"),
    ("خلطة بخور ظفارية", "Dhofari incense blend", "incense-cosmetics"),
    ("ماء ورد الجبل الأخضر", "Jebel Akhdar rosewater", "perfumes-rosewater"),
    ("دلة نحاسية", "Copper coffee pot (dallah)", "copperware"),
    ("حقيبة جلدية مشغولة يدويًا", "Hand-tooled leather bag", "leatherwork"),
    ("كمة عمانية مطرزة", "Embroidered Omani kummah", "embroidery"),
]
PROJECT_TITLES = [
    (
        "مشغل نسيج الصوف للأسر المنتجة",
        "Wool-weaving workshop for producing families",
        "wool-weaving",
    ),
    ("ورشة صناعة السفن الخشبية", "Wooden boat-building yard", "boat-building"),
    ("مصنع فخار تقليدي", "Traditional pottery works", "pottery"),
    ("مشغل الفضيات وتدريب الشباب", "Silversmith workshop training young Omanis", "silverware"),
    ("مشروع منتجات سعف النخيل", "Palm-frond products enterprise", "palm-frond"),
    ("مقطرة ماء الورد", "Rosewater distillery", "perfumes-rosewater"),
    ("مشغل البخور واللبان", "Frankincense and incense workshop", "incense-cosmetics"),
    ("مشغل التطريز النسائي", "Women's embroidery workshop", "embroidery"),
    ("ورشة الخناجر العمانية", "Omani khanjar workshop", "khanjar"),
]

# Nominations per governorate in edition 5 (products, projects): 70 products, 9 projects.
E5_NOMINATIONS = {
    "OM-ZU": (12, 1),
    "OM-BS": (8, 1),
    "OM-BJ": (6, 1),
    "OM-SS": (7, 1),
    "OM-SJ": (7, 1),
    "OM-DA": (9, 1),
    "OM-WU": (5, 1),
    "OM-MA": (6, 1),
    "OM-ZA": (4, 1),
    "OM-MU": (3, 0),
    "OM-BU": (3, 0),
}
E4_NOMINATIONS = {
    "OM-ZU": (5, 1),
    "OM-DA": (5, 1),
    "OM-MA": (4, 1),
    "OM-SS": (4, 1),
    "OM-BS": (4, 0),
}

# The demo editions: year, ordinal (Arabic, English) and the (month, day) of the dates of its
# timetable, in TIMETABLE's order (edition 5's final deadline moves with today; edition 6's
# nominations are open around today, its deadlines not set yet).
TIMETABLE = ("nominations_open", "nominations_close", "initial_deadline", "final_deadline")
EDITIONS = {
    4: (2016, ("الرابعة", "fourth"), ((1, 10), (3, 31), (5, 10), (8, 15))),
    5: (2017, ("الخامسة", "fifth"), ((1, 8), (3, 30), (5, 14))),
    6: (2018, ("السادسة", "sixth"), ()),
}
# The (month, day) of each stage move the chair made, in Stage's order from the draft: an
# edition stands at the stage its last move reached.
STAGE_MOVES = {
    4: ((1, 5), (4, 1), (6, 1), (8, 20), (9, 20)),
    5: ((1, 8), (4, 2), (6, 1)),
    6: ((1, 7),),
}


class Judging(NamedTuple):
    """How a demo edition got to its final judging."""

    jurors: tuple[str, ...]
    plan: dict[str, tuple[int, int]]  # nominations per governorate
    finalists: dict[str, int]  # per category, shortlisted by the chair
    # (month, day) nominations came in from, the initial evaluation began, the chair decided
    days: tuple[tuple[int, int], ...]


JUDGING = {
    4: Judging(
        ("judge", "judge3", "judge4"),
        E4_NOMINATIONS,
        {models.Category.PRODUCT: 12, models.Category.PROJECT: 4},
        ((1, 15), (4, 10), (5, 20)),
    ),
    5: Judging(
        ("judge", "judge2", "judge3", "judge4"),
        E5_NOMINATIONS,
        {models.Category.PRODUCT: 42, models.Category.PROJECT: 5},
        ((1, 10), (4, 9), (5, 21)),
    ),
}


# People are named on every award page and document (never by login): the demo's names are
# invented, in Arabic and English.
NAMES = {
    "committee": ("خالد بن سعيد المعشني", "Khalid bin Saeed Al Mashani"),
    "judge": ("د. فاطمة بنت علي الرواحية", "Dr Fatma bint Ali Al Rawahi"),
    "chair": ("سالم بن ناصر الراشدي", "Salim bin Nasser Al Rashdi"),
    "judge2": ("مريم بنت حمد الكندية", "Maryam bint Hamad Al Kindi"),
    "judge3": ("سالم بن خميس الحارثي", "Salim bin Khamis Al Harthi"),
    "judge4": ("عائشة بنت يوسف البلوشية", "Aisha bint Yousuf Al Balushi"),
    "main-1": ("د. ناصر بن عبدالله الشكيلي", "Dr Nasser bin Abdullah Al Shukaili"),
    "main-2": ("زينب بنت محمد اللواتية", "Zainab bint Mohammed Al Lawati"),
}
# Committee members get the registry demo's Omani names, men's and women's in turn.
FIRST_NAMES = [name for pair in zip(MALE_NAMES, FEMALE_NAMES, strict=False) for name in pair]


def _name(user, name_ar, name_en):
    StaffProfile.objects.update_or_create(
        user=user, defaults={"display_name_ar": name_ar, "display_name_en": name_en}
    )


def _dt(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _user(username, first="", last="", password=None):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.invalid"},
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()  # demo panel members who never sign in
        user.save()
    return user


def _people():
    model = get_user_model()
    people = {
        "committee": model.objects.get(username="committee"),
        "judge": model.objects.get(username="judge"),
        "chair": model.objects.get(username="chair"),
        "judge2": _user("judge2", "مريم", "الكندي", JUROR2_PASSWORD),
        "judge3": _user("judge3", "سالم", "الحارثي"),
        "judge4": _user("judge4", "عائشة", "البلوشي"),
    }
    groups = {name: Group.objects.get(name=name) for name in roles.ROLE_PERMISSIONS}
    people["committee"].groups.add(groups[roles.COMMITTEE_MEMBER])
    for name in ("judge", "judge2", "judge3", "judge4"):
        people[name].groups.add(groups[roles.JUROR])
    people["chair"].groups.add(groups[roles.AWARD_CHAIR])
    people["main"] = [_user("main-1"), _user("main-2")]
    for username, (name_ar, name_en) in NAMES.items():
        user = people.get(username) or get_user_model().objects.get(username=username)
        _name(user, name_ar, name_en)
    members = {}
    for index, governorate in enumerate(Governorate.objects.order_by("code")):
        slug = governorate.code.lower()
        pair = []
        for offset in (0, 1):
            user = _user(f"committee-{slug}-{offset + 1}")
            first_ar, first_en = FIRST_NAMES[(2 * index + offset) % len(FIRST_NAMES)]
            family_ar, family_en = FAMILY_NAMES[(3 * index + offset) % len(FAMILY_NAMES)]
            _name(user, f"{first_ar} {family_ar}", f"{first_en} {family_en}")
            user.groups.add(groups[roles.COMMITTEE_MEMBER])
            pair.append(user)
        members[governorate.code] = pair
    # The demo's Dhofar committee member is the one who signs in.
    members["OM-ZU"] = [people["committee"], members["OM-ZU"][0]]
    people["initial"] = members
    return people


def _committee(edition, kind, members, governorate=None):
    """A committee of ``members``, the first of them its chair."""
    committee, _ = models.Committee.objects.get_or_create(
        edition=edition, kind=kind, governorate=governorate
    )
    for index, user in enumerate(members):
        models.CommitteeMembership.objects.get_or_create(
            committee=committee, user=user, defaults={"is_chair": index == 0}
        )


def _committees(edition, people, jurors):
    governorates = {g.code: g for g in Governorate.objects.all()}
    for code, members in people["initial"].items():
        _committee(edition, models.CommitteeKind.INITIAL, members, governorates[code])
    _committee(edition, models.CommitteeKind.JURY, jurors)
    _committee(edition, models.CommitteeKind.MAIN, [people["chair"], *people["main"]])


def _pick_artisans(rng, governorate_code, craft_code, count, used):
    """Deterministic artisans of a governorate, preferring the craft of the work."""
    pool = list(
        Artisan.objects.filter(governorate__code=governorate_code)
        .exclude(pk__in=used)
        .order_by("civil_number")
        .values_list("pk", "primary_craft__code")[:400]
    )
    preferred = [pk for pk, craft in pool if craft == craft_code]
    chosen = []
    for _ in range(count):
        source = preferred or [pk for pk, _craft in pool]
        pk = source.pop(rng.randrange(len(source)))
        chosen.append(pk)
        used.add(pk)
        pool = [(p, c) for p, c in pool if p != pk]
        preferred = [p for p in preferred if p != pk]
    return chosen


def _nominations(rng, edition, plan, submitted_on):
    product = edition.categories.get(code=models.Category.PRODUCT)
    project = edition.categories.get(code=models.Category.PROJECT)
    used = set(
        models.Nomination.objects.filter(category__edition__number__lt=edition.number).values_list(
            "artisan_id", flat=True
        )
    )
    governorates = {g.code: g for g in Governorate.objects.all()}
    crafts = dict(Craft.objects.values_list("code", "pk"))
    rows = []
    project_index = edition.number  # vary the projects between editions
    for code, (products, projects) in plan.items():
        for _ in range(products):
            title_ar, title_en, craft = rng.choice(PRODUCT_TITLES)
            (artisan_id,) = _pick_artisans(rng, code, craft, 1, used)
            rows.append((product, artisan_id, code, title_ar, title_en, craft))
        for _ in range(projects):
            title_ar, title_en, craft = PROJECT_TITLES[project_index % len(PROJECT_TITLES)]
            project_index += 1
            (artisan_id,) = _pick_artisans(rng, code, craft, 1, used)
            rows.append((project, artisan_id, code, title_ar, title_en, craft))
    primary = dict(
        Artisan.objects.filter(pk__in=[r[1] for r in rows]).values_list("pk", "primary_craft")
    )
    nominations = []
    for category, artisan_id, code, title_ar, title_en, craft in rows:
        is_project = category.code == models.Category.PROJECT
        nominations.append(
            models.Nomination(
                category=category,
                artisan_id=artisan_id,
                # The work's own craft; the artisan's primary craft when the registry lacks it.
                craft_id=crafts.get(craft, primary[artisan_id]),
                workforce=rng.randrange(4, 40) if is_project else None,
                trainees=rng.randrange(2, 25) if is_project else None,
                omani_materials_percent=rng.randrange(55, 101) if is_project else None,
                governorate=governorates[code],
                title_ar=title_ar,
                title_en=title_en,
                description_ar="عمل مرشح للجائزة من محافظة " + governorates[code].name_ar + ".",
                description_en=f"Nominated work from {governorates[code].name_en} Governorate.",
                submitted_on=submitted_on + datetime.timedelta(days=rng.randrange(40)),
            )
        )
    bulk_create_with_history(nominations, models.Nomination, batch_size=500)
    return list(models.Nomination.objects.of_edition(edition).order_by("pk"))


def _sheets(rng, nominations, stage, judges_for, quality_of, submitted_on, drafts=frozenset()):
    """Score sheets with scores around each nomination's underlying quality.

    ``drafts`` holds (judge id, nomination id) pairs left in draft (with some scores missing).
    """
    criteria = {}
    for criterion in models.Criterion.objects.filter(
        category__in={n.category_id for n in nominations}, stage=stage
    ):
        criteria.setdefault(criterion.category_id, []).append(criterion)
    sheets, planned = [], []
    for nomination in nominations:
        for judge in judges_for(nomination):
            draft = (judge.pk, nomination.pk) in drafts
            at = _dt(
                submitted_on + datetime.timedelta(days=rng.randrange(20)), rng.randrange(8, 20)
            )
            sheets.append(
                models.ScoreSheet(
                    judge=judge,
                    nomination=nomination,
                    stage=stage,
                    status=models.SheetStatus.DRAFT if draft else models.SheetStatus.SUBMITTED,
                    submitted_at=None if draft else at,
                    comment="" if draft else rng.choice(["", "", "عمل متقن", "Fine finish"]),
                )
            )
            severity = rng.uniform(-0.8, 0.8)  # harsh and lenient judges
            planned.append((nomination, draft, severity))
    bulk_create_with_history(sheets, models.ScoreSheet, batch_size=500)
    created = {
        (s.judge_id, s.nomination_id): s
        for s in models.ScoreSheet.objects.filter(nomination__in=nominations, stage=stage)
    }
    scores = []
    for sheet_obj, (nomination, draft, severity) in zip(sheets, planned, strict=True):
        sheet = created[(sheet_obj.judge_id, nomination.pk)]
        own = sorted(criteria[nomination.category_id], key=lambda c: c.position)
        if draft:
            own = own[: max(1, len(own) - 1)]
        for criterion in own:
            raw = quality_of[nomination.pk] + severity + rng.gauss(0, 0.7)
            value = max(0, min(criterion.max_score, round(raw * 2) / 2))
            scores.append(models.Score(sheet=sheet, criterion=criterion, value=Decimal(str(value))))
    bulk_create_with_history(scores, models.Score, batch_size=1000)


def _visits(rng, nominations, stage, members_for, day):
    for nomination in nominations:
        members = members_for(nomination)
        visit = models.SiteVisit.objects.create(
            nomination=nomination,
            stage=stage,
            visited_on=day + datetime.timedelta(days=rng.randrange(25)),
            notes=rng.choice(
                [
                    "زيارة ميدانية للمشغل؛ العمل مكتمل وجودة التشطيب عالية.",
                    "تمت معاينة الخامات المحلية وطريقة العمل.",
                    "Workshop visited; raw materials are local and the finish is fine.",
                ]
            ),
            recorded_by=members[0],
        )
        visit.members_present.set(members)


# The views of a finalist's work in its nomination file.
PHOTO_VIEWS = [("صورة العمل", "the work"), ("منظر آخر", "another view")]


def _moved_on(edition, chair, **fields):
    """The chair's stage moves on STAGE_MOVES's days, and the edition at the stage they reached
    (with ``fields``)."""
    order = models.Stage.order()
    days = [datetime.date(edition.year, month, day) for month, day in STAGE_MOVES[edition.number]]
    for previous, stage, day in zip(order, order[1:], days, strict=False):
        models.StageTransition.objects.get_or_create(
            edition=edition,
            to_stage=stage,
            defaults={"from_stage": previous, "by": chair, "at": _dt(day)},
        )
    models.Edition.objects.filter(pk=edition.pk).update(stage=order[len(days)], **fields)


def _decide(edition, chair, stage_rows, finalists_by_category, day):
    """Shortlist the best nominations of each category by their initial aggregate."""
    decisions, finalist_ids = [], set()
    for result in stage_rows:
        wanted = finalists_by_category[result.category.code]
        for position, row in enumerate(result.rows):
            recommended = position < wanted
            if recommended:
                finalist_ids.add(row.nomination.pk)
            total = row.aggregate
            against = services.decision_against_scores(edition, recommended, total)
            decisions.append(
                models.ShortlistDecision(
                    nomination=row.nomination,
                    recommended=recommended,
                    initial_total=Decimal(str(round(total, 2))) if total is not None else None,
                    reason="قررت اللجنة الترشيح لتميز الفكرة."
                    if against and recommended
                    else ("لم يبلغ العمل المستوى المطلوب مقارنة بالمنافسين." if against else ""),
                    decided_by=chair,
                    decided_at=_dt(day),
                )
            )
    bulk_create_with_history(decisions, models.ShortlistDecision)
    _sign_offs(edition, decisions, day - datetime.timedelta(days=6))
    models.Nomination.objects.of_edition(edition).filter(pk__in=finalist_ids).update(
        status=models.NominationStatus.FINALIST
    )
    models.Nomination.objects.of_edition(edition).exclude(pk__in=finalist_ids).update(
        status=models.NominationStatus.NOT_RECOMMENDED
    )


def _sign_offs(edition, decisions, day):
    """Each governorate committee recommended what the chair then confirmed, and signed off its
    list with minutes (the two members present)."""
    committees = {
        c.governorate_id: c
        for c in models.Committee.objects.filter(edition=edition, kind=models.CommitteeKind.INITIAL)
        .select_related("governorate")
        .prefetch_related("memberships__user")
    }
    recommendations = [
        models.CommitteeRecommendation(
            committee=committees[d.nomination.governorate_id],
            nomination=d.nomination,
            qualify=d.recommended,
            initial_total=d.initial_total,
            reason=d.reason,
            recorded_by=committees[d.nomination.governorate_id].memberships.all()[0].user,
            recorded_at=_dt(day, 9),
        )
        for d in decisions
    ]
    bulk_create_with_history(recommendations, models.CommitteeRecommendation)
    for governorate_id in {d.nomination.governorate_id for d in decisions}:
        committee = committees[governorate_id]
        members = [m.user for m in committee.memberships.all()]
        qualified = sum(
            1 for d in decisions if d.nomination.governorate_id == governorate_id and d.recommended
        )
        sign_off = models.CommitteeSignOff.objects.create(
            committee=committee,
            met_on=day,
            minutes=(
                f"اجتمعت لجنة التقييم الأولي بمحافظة {committee.governorate.name_ar} وراجعت "
                f"درجات الأعمال المرشحة وزياراتها الميدانية، وأوصت بتأهيل {qualified} "
                "عمل/أعمال إلى التحكيم النهائي."
            ),
            signed_by=members[0],
            signed_at=_dt(day, 13),
        )
        sign_off.members_present.set(members)


def _initial_stage(rng, edition, people, day):
    nominations = list(models.Nomination.objects.of_edition(edition).select_related("governorate"))
    members = people["initial"]
    quality = {n.pk: rng.uniform(4.5, 9.3) for n in nominations}
    _visits(
        rng, nominations, models.ScoringStage.INITIAL, lambda n: members[n.governorate.code], day
    )
    _sheets(
        rng,
        nominations,
        models.ScoringStage.INITIAL,
        lambda n: members[n.governorate.code],
        quality,
        day + datetime.timedelta(days=10),
    )
    return quality


def _edition(number, **fields):
    """A new edition (None when it exists) with its title and timetable (EDITIONS), the chair as
    signatory, and the source's categories and criteria."""
    if models.Edition.objects.filter(number=number).exists():
        return None
    year, (ordinal_ar, ordinal_en), timetable = EDITIONS[number]
    dates = {
        field: datetime.date(year, month, day)
        for field, (month, day) in zip(TIMETABLE, timetable, strict=False)
    }
    edition = models.Edition.objects.create(
        number=number,
        year=year,
        title_ar=f"جائزة السلطان قابوس للإجادة الحرفية — الدورة {ordinal_ar}",
        title_en=f"Sultan Qaboos Award for Craft Excellence — {ordinal_en} edition",
        signatory_ar=NAMES["chair"][0],
        signatory_en=NAMES["chair"][1],
        signatory_title_ar="رئيس اللجنة الرئيسية للجائزة",
        signatory_title_en="Chair of the Award's Main Committee",
        **dates,
        **fields,
    )
    services.edition_setup_defaults(edition=edition)
    return edition


def _judged_edition(rng, people, number, **fields):
    """A new demo edition (None when it exists) up to its shortlist, as JUDGING describes it: its
    committees, its nominations, the initial evaluation (visits and sheets) and the chair's
    shortlist. Returns the edition, its jurors and each nomination's underlying quality, which
    the final sheets score around."""
    edition = _edition(number, **fields)
    if edition is None:
        return None
    judging = JUDGING[number]
    nominated_on, evaluated_from, decided_on = (
        datetime.date(edition.year, month, day) for month, day in judging.days
    )
    jurors = [people[name] for name in judging.jurors]
    _committees(edition, people, jurors)
    _nominations(rng, edition, judging.plan, nominated_on)
    quality = _initial_stage(rng, edition, people, evaluated_from)
    initial = stage_results(edition, models.ScoringStage.INITIAL)
    _decide(edition, people["chair"], initial, judging.finalists, decided_on)
    return edition, jurors, quality


@transaction.atomic
def seed_edition_4(rng, people):
    judged = _judged_edition(rng, people, 4)
    if judged is None:
        return False
    edition, jurors, quality = judged
    finalists = list(models.Nomination.objects.finalists(edition))
    _sheets(
        rng,
        finalists,
        models.ScoringStage.FINAL,
        lambda n: jurors,
        quality,
        datetime.date(2016, 6, 5),
    )
    # Approve each category in the computed order, as the chair did.
    for result in stage_results(edition, models.ScoringStage.FINAL):
        order = [row.nomination.pk for row in result.rows][: result.category.places]
        models.CategoryResult.objects.create(
            category=result.category,
            approved_by=people["chair"],
            approved_at=_dt(datetime.date(2016, 9, 14)),
            computed_order=[row.nomination.pk for row in result.rows],
            approved_order=order,
            overridden=result.unresolved_ties_within(result.category.places),
            reason="قرار رئيس اللجنة عند التعادل."
            if result.unresolved_ties_within(result.category.places)
            else "",
        )
        for rank, pk in enumerate(order, start=1):
            models.Nomination.objects.filter(pk=pk).update(
                status=models.NominationStatus.WINNER, rank=rank
            )
            nomination = models.Nomination.objects.select_related("craft").get(pk=pk)
            models.NominationPhoto.objects.create(
                nomination=nomination,
                # The work's own craft: a wool rug is drawn as a rug whoever wove it.
                image=work_photo(pk, nomination.craft.code),
                caption_ar=nomination.title_ar,
                caption_en=nomination.title_en,
            )
        models.Nomination.objects.filter(pk__in=[r.nomination.pk for r in result.rows]).exclude(
            pk__in=order
        ).update(status=models.NominationStatus.NOT_PLACED)
    for index, member in enumerate(people["main"]):
        models.ResultAssent.objects.create(
            edition=edition, member=member, at=_dt(datetime.date(2016, 9, 16 + index))
        )
    _moved_on(
        edition,
        people["chair"],
        results_approved_at=_dt(datetime.date(2016, 9, 14)),
        announced_at=_dt(datetime.date(2016, 9, 20)),
    )
    return True


@transaction.atomic
def seed_edition_5(rng, people):
    # The demo shows the final judging under way: its deadline is two weeks ahead, so the
    # reminders command (award_reminders) has someone to write to.
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    judged = _judged_edition(rng, people, 5, final_deadline=deadline)
    if judged is None:
        return False
    edition, jurors, quality = judged
    finalists = list(
        models.Nomination.objects.finalists(edition).select_related("category", "craft")
    )
    projects = [n for n in finalists if n.category.code == models.Category.PROJECT]
    # Each finalist's file carries photos of the work: the jurors score its quality with the
    # work in view (the score sheet's gallery).
    for nomination in finalists:
        for view, (caption_ar, caption_en) in enumerate(PHOTO_VIEWS):
            models.NominationPhoto.objects.create(
                nomination=nomination,
                image=work_photo(nomination.pk * 10 + view, nomination.craft.code),
                caption_ar=f"{nomination.title_ar} — {caption_ar}",
                caption_en=f"{nomination.title_en} — {caption_en}",
            )
    # The jury visits the competing projects across the governorates.
    _visits(
        rng, projects, models.ScoringStage.FINAL, lambda n: jurors[:3], datetime.date(2017, 6, 4)
    )
    # One declared conflict: judge3 knows the artisan of a Dhofar product.
    conflicted = next(
        n
        for n in finalists
        if n.category.code == models.Category.PRODUCT and n.governorate.code == "OM-ZU"
    )
    models.ConflictOfInterest.objects.create(
        judge=people["judge3"],
        nomination=conflicted,
        reason="صلة قرابة بالحرفي.",
        declared_at=_dt(datetime.date(2017, 6, 2)),
    )
    # Progress so far: judge2 has finished; judge3 and judge4 are part-way; the demo juror
    # "judge" has a few drafts and a few submitted sheets, the rest not started.
    judge, judge2, judge3, judge4 = jurors
    plan = {}
    for index, nomination in enumerate(finalists):
        who = [judge2]
        if nomination.pk != conflicted.pk and index % 3 != 2:
            who.append(judge3)
        if index % 2 == 0:
            who.append(judge4)
        if index < 6:
            who.append(judge)
        plan[nomination.pk] = who
    drafts = {(judge.pk, n.pk) for n in finalists[3:6]} | {
        (judge4.pk, n.pk) for n in finalists[:10:4]
    }
    _sheets(
        rng,
        finalists,
        models.ScoringStage.FINAL,
        lambda n: plan[n.pk],
        quality,
        datetime.date(2017, 6, 10),
        drafts=drafts,
    )
    _moved_on(edition, people["chair"])
    return True


@transaction.atomic
def seed_edition_6():
    """The 6th edition (2018) taking nominations: artisans enter works from the portal (the
    portal's demo adds entries in several states). No committees yet; nothing is scored."""
    # A rule the portal explains to artisans registered more recently.
    # Its nominations are open around today: portal entries are taken only between the dates.
    today = timezone.localdate()
    edition = _edition(
        6,
        entry_photo_limit=5,
        minimum_years_registered=2,
        nominations_open=today - datetime.timedelta(days=21),
        nominations_close=today + datetime.timedelta(days=42),
    )
    if edition is None:
        return False
    _moved_on(edition, get_user_model().objects.get(username="chair"))
    return True


def seed(stdout):
    rng = random.Random(SEED)
    people = _people()
    created4 = seed_edition_4(rng, people)
    created5 = seed_edition_5(random.Random(SEED + 1), people)
    seed_edition_6()
    e5 = models.Edition.objects.get(number=5)
    state4 = "created" if created4 else "kept"
    state5 = "created" if created5 else "kept"
    finalists = models.Nomination.objects.finalists(e5).count()
    sheets = models.ScoreSheet.objects.of_edition(e5, models.ScoringStage.FINAL).count()
    stdout.write(
        f"Award: edition 4 {state4} (announced), edition 5 {state5} "
        f"(final judging: {finalists} finalists, {sheets} sheets)."
    )
    stdout.write(f"  judge2     {JUROR2_PASSWORD:<22} second juror (final judging)")
    stdout.write("  Committee members, jurors and the chair sign in at /ar/awards/sign-in/.")
    stdout.write("Award: edition 6 (2018) takes nominations: entries from the portal.")
