from craftsreg.admin import admin_link, ltr_number


def test_a_number_is_an_isolated_left_to_right_run():
    assert ltr_number("2017-003074") == '<bdi dir="ltr" class="number">2017-003074</bdi>'


def test_a_link_escapes_its_text_and_a_private_file_opens_in_a_new_tab():
    assert admin_link("/admin/x/1/", "<b>") == '<a href="/admin/x/1/">&lt;b&gt;</a>'
    assert admin_link("/photos/1/", "Photo", new_tab=True) == (
        '<a href="/photos/1/" target="_blank" rel="noopener">Photo</a>'
    )
    # A number inside a link stays an isolated run (not escaped twice).
    assert admin_link("/a/", ltr_number("7")) == (
        '<a href="/a/"><bdi dir="ltr" class="number">7</bdi></a>'
    )
