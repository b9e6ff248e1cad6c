"""The one bar chart and the histogram geometry (craftsreg.charts)."""

from craftsreg import charts


def test_bar_chart_scales_bars_to_the_largest_value_in_percent():
    chart = charts.bar_chart([("A", 200, False), ("B", 50, True), ("C", 0, False)], rtl=False)

    assert [bar.bar_width for bar in chart.bars] == [100, 25, 0]
    assert [bar.value_label for bar in chart.bars] == ["200", "50", "0"]
    assert chart.bars[1].highlight and not chart.bars[0].highlight


def test_bar_chart_rows_have_a_text_line_above_each_bar_and_no_trailing_gap():
    chart = charts.bar_chart([("A", 1, False), ("B", 2, False)], rtl=False)

    first, second = chart.bars
    assert first.text_y < first.bar_y < second.y
    assert second.y == charts.ROW_HEIGHT
    assert chart.height == second.bar_y + second.bar_height
    # Heights come from the chart, not from the template.
    assert first.bar_height == charts.BAR_HEIGHT


def test_bar_chart_mirrors_for_right_to_left():
    items = [("A", 100, False), ("B", 40, True)]

    ltr = charts.bar_chart(items, rtl=False)
    rtl = charts.bar_chart(items, rtl=True)

    assert [b.bar_width for b in ltr.bars] == [b.bar_width for b in rtl.bars] == [100, 40]
    # Left to right: bars grow from the left edge, labels at the left, values at the right.
    assert (ltr.bars[1].bar_x, ltr.bars[1].label_x, ltr.bars[1].value_x) == (0, 0, 100)
    # Right to left: bars grow from the right edge (a rect's x is its left side).
    assert rtl.bars[1].bar_x + rtl.bars[1].bar_width == 100
    assert (rtl.bars[1].label_x, rtl.bars[1].value_x) == (100, 0)
    assert rtl.direction == "rtl" and ltr.direction == "ltr"


def test_empty_bar_chart_has_a_height_and_no_bars():
    chart = charts.bar_chart([], rtl=False)
    assert chart.bars == [] and chart.height > 0


def test_column_chart_coordinates_come_from_python():
    chart = charts.column_chart([("1", 2), ("2", 4), ("3", 0)])

    assert chart.width == 3 * charts.COLUMN_WIDTH
    assert [c.x for c in chart.columns] == [1, 11, 21]
    assert [c.height for c in chart.columns] == [30, 60, 0]
    # Columns stand on the base line.
    assert all(c.y + c.height == chart.height for c in chart.columns)


def test_bar_chart_labels_shares_as_percentages():
    from decimal import Decimal

    chart = charts.bar_chart([("A", Decimal("26.62"), False)], rtl=False, percent=True)
    assert chart.bars[0].value_label == "26.6%"
