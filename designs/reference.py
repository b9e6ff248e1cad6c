"""Reference data of the designs register as shipped: product kinds, materials, Locarno classes.

Loaded by a data migration (so every database has it) and editable in admin afterwards. Rows are
matched by stable codes/numbers, so loading again updates names and never duplicates.
"""

# code, Arabic, English — the product kinds named in the source article (FACTS §3).
PRODUCT_KINDS = [
    ("khanjar-belts", "أحزمة الخناجر", "Khanjar belts"),
    ("souvenirs-gifts", "الهدايا والتذكارات", "Souvenirs and gifts"),
    ("shields", "الدروع", "Shields"),
    ("models-figurines", "المجسمات والتماثيل", "Models and figurines"),
    ("office-sets", "الأطقم المكتبية", "Office sets"),
    (
        "furniture-accessories",
        "إكسسوارات الأثاث المنزلي والمكتبي",
        "Home and office furniture accessories",
    ),
    ("hospitality-sets", "أطقم الضيافة", "Hospitality sets"),
    ("womens-accessories", "الإكسسوارات النسائية", "Women's accessories"),
    ("medallions", "الميداليات", "Medallions"),
    ("lighting-units", "وحدات الإنارة", "Lighting units"),
    ("rosaries", "المسابح", "Rosaries"),
    ("file-holders", "حوافظ الملفات", "File holders"),
]

# code, Arabic, English, craft code in the registry (None when no single craft applies).
MATERIALS = [
    ("palm-frond", "سعف النخيل", "Palm frond", "palm-frond"),
    ("bone", "العظم", "Bone", "bone-carving"),
    ("coconut-shell", "قشر جوز الهند", "Coconut shell", "coconut-shell"),
    ("silver", "الفضة", "Silver", "silverware"),
    ("wood", "الخشب", "Wood", "woodwork"),
    ("clay", "الطين (الفخار)", "Clay (pottery)", "pottery"),
    ("cotton-textile", "النسيج القطني", "Cotton textile", "cotton-weaving"),
    ("wool-textile", "النسيج الصوفي", "Wool textile", "wool-weaving"),
    ("leather", "الجلد", "Leather", "leatherwork"),
    ("copper", "النحاس", "Copper", "copperware"),
    ("embroidery-thread", "خيوط التطريز", "Embroidery thread", "embroidery"),
    ("gemstones-beads", "الأحجار والخرز", "Gemstones and beads", None),
]

# The Locarno Classification's 32 classes (WIPO, used with acknowledgement). Headings follow the
# English text of the classification; the Arabic headings are ours.
LOCARNO_EDITION = "15"
LOCARNO_CLASSES = [
    (1, "المواد الغذائية", "Foodstuffs"),
    (2, "الملابس ولوازم الخياطة", "Articles of clothing and haberdashery"),
    (
        3,
        "لوازم السفر والحقائب والمظلات والأمتعة الشخصية غير المذكورة في مكان آخر",
        "Travel goods, cases, parasols and personal belongings, not elsewhere specified",
    ),
    (4, "منتجات الفراشي", "Brushware"),
    (
        5,
        "المنسوجات بالقطعة والمواد الصفائحية الطبيعية والاصطناعية",
        "Textile piecegoods, artificial and natural sheet material",
    ),
    (6, "الأثاث والمفروشات", "Furnishing"),
    (7, "الأدوات المنزلية غير المذكورة في مكان آخر", "Household goods, not elsewhere specified"),
    (8, "العدد والأدوات المعدنية", "Tools and hardware"),
    (
        9,
        "العبوات والحاويات لنقل البضائع أو مناولتها",
        "Packages and containers for the transport or handling of goods",
    ),
    (
        10,
        "الساعات وأدوات القياس والمراقبة والإشارة",
        "Clocks and watches and other measuring instruments, checking and signalling instruments",
    ),
    (11, "أدوات الزينة", "Articles of adornment"),
    (12, "وسائل النقل أو الرفع", "Means of transport or hoisting"),
    (
        13,
        "معدات إنتاج الكهرباء أو توزيعها أو تحويلها",
        "Equipment for production, distribution or transformation of electricity",
    ),
    (
        14,
        "معدات التسجيل أو الاتصالات أو معالجة البيانات",
        "Recording, telecommunication or data processing equipment",
    ),
    (15, "الآلات غير المذكورة في مكان آخر", "Machines, not elsewhere specified"),
    (
        16,
        "أجهزة التصوير الفوتوغرافي والسينمائي والأجهزة البصرية",
        "Photographic, cinematographic and optical apparatus",
    ),
    (17, "الآلات الموسيقية", "Musical instruments"),
    (18, "آلات الطباعة والآلات المكتبية", "Printing and office machinery"),
    (
        19,
        "القرطاسية واللوازم المكتبية ومواد الفنانين والتعليم",
        "Stationery and office equipment, artists' and teaching materials",
    ),
    (20, "معدات البيع والإعلان واللافتات", "Sales and advertising equipment, signs"),
    (21, "الألعاب ولعب الأطفال والخيام والأدوات الرياضية", "Games, toys, tents and sports goods"),
    (
        22,
        "الأسلحة والألعاب النارية وأدوات الصيد البري والبحري ومكافحة الآفات",
        "Arms, pyrotechnic articles, articles for hunting, fishing and pest killing",
    ),
    (
        23,
        "معدات توزيع السوائل والمعدات الصحية ومعدات التدفئة والتهوية والتكييف والوقود الصلب",
        "Fluid distribution equipment, sanitary, heating, ventilation and air-conditioning "
        "equipment, solid fuel",
    ),
    (24, "المعدات الطبية ومعدات المختبرات", "Medical and laboratory equipment"),
    (25, "وحدات البناء وعناصر الإنشاء", "Building units and construction elements"),
    (26, "أجهزة الإنارة", "Lighting apparatus"),
    (27, "التبغ ولوازم المدخنين", "Tobacco and smokers' supplies"),
    (
        28,
        "المنتجات الصيدلانية ومستحضرات التجميل وأدوات ولوازم الزينة الشخصية",
        "Pharmaceutical and cosmetic products, toilet articles and apparatus",
    ),
    (
        29,
        "أجهزة ومعدات مكافحة الحرائق والوقاية من الحوادث والإنقاذ",
        "Devices and equipment against fire hazards, for accident prevention and for rescue",
    ),
    (30, "أدوات العناية بالحيوانات ومناولتها", "Articles for the care and handling of animals"),
    (
        31,
        "آلات وأجهزة تحضير الأطعمة أو المشروبات غير المذكورة في مكان آخر",
        "Machines and appliances for preparing food or drink, not elsewhere specified",
    ),
    (
        32,
        "الرموز البيانية والشعارات وزخارف الأسطح والزخرفة",
        "Graphic symbols and logos, surface patterns, ornamentation",
    ),
]


def load(product_kind_model, material_model, locarno_class_model, craft_model):
    """Create or update the reference rows; safe to run again."""
    for position, (code, name_ar, name_en) in enumerate(PRODUCT_KINDS, start=1):
        product_kind_model.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en, "position": position}
        )
    crafts = {craft.code: craft for craft in craft_model.objects.all()}
    for code, name_ar, name_en, craft_code in MATERIALS:
        material_model.objects.update_or_create(
            code=code,
            defaults={"name_ar": name_ar, "name_en": name_en, "craft": crafts.get(craft_code)},
        )
    for number, heading_ar, heading_en in LOCARNO_CLASSES:
        locarno_class_model.objects.update_or_create(
            number=number,
            defaults={
                "heading_ar": heading_ar,
                "heading_en": heading_en,
                "edition": LOCARNO_EDITION,
            },
        )
