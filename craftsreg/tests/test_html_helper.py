"""The parsed-HTML helper the view tests rely on reads pages the way a visitor does."""

from craftsreg.tests.html import cells, parse

PAGE = """<table><tr data-code="OM-ZU"><th>Salalah <span class="tag">seat</span></th>
<td class="num">&lt; 5</td><td class="num big">1,002</td></tr></table>
<p id="note">one<br>two <strong>3</strong><p>next"""


def test_rows_cells_and_text_as_read():
    document = parse(PAGE)

    assert cells(document.find("tr", data_code="OM-ZU")) == ["Salalah seat", "< 5", "1,002"]
    assert [td.text for td in document.find_all("td", class_="num")] == ["< 5", "1,002"]
    assert document.find(class_="big").text == "1,002"
    assert document.find("p", id="note").find("strong").text == "3"


def test_a_missing_element_fails_with_what_was_looked_for():
    try:
        parse(PAGE).find("tr", data_code="OM-MA")
    except AssertionError as error:
        assert "OM-MA" in str(error)
    else:
        raise AssertionError("find() returned although nothing matched")
