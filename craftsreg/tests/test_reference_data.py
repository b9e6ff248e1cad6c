from craftsreg.reference_data import bilingual, read_rows


def test_rows_are_keyed_by_the_header_with_every_cell_stripped(tmp_path):
    path = tmp_path / "crafts.csv"
    path.write_text(
        'code,name_ar,name_en,group\n pottery ,الفخار , Pottery,"earth, clay"\nbone,العظم,Bone,\n',
        encoding="utf-8",
    )

    rows = list(read_rows(path))

    assert rows == [
        {"code": "pottery", "name_ar": "الفخار", "name_en": "Pottery", "group": "earth, clay"},
        {"code": "bone", "name_ar": "العظم", "name_en": "Bone", "group": ""},
    ]


def test_bilingual_takes_the_arabic_and_english_columns_of_a_name():
    row = {"number": "11", "heading_ar": "أدوات الزينة", "heading_en": "Articles of adornment"}

    assert bilingual(row, "heading") == {
        "heading_ar": "أدوات الزينة",
        "heading_en": "Articles of adornment",
    }
    assert bilingual({"name_ar": "س", "name_en": "S", "code": "x"}) == {
        "name_ar": "س",
        "name_en": "S",
    }
