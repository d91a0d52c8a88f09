"""Totals are counted from outcomes, so they add up; the summary shows the sums."""

from owner_portal.services.imports.results import Problem, RowOutcome, Totals


def test_totals_always_add_up_and_show_their_sums():
    outcomes = [RowOutcome(2, "change"), RowOutcome(3, "new", creates_unit=True), RowOutcome(4, "unchanged"),
                RowOutcome(5, "invalid", problems=[Problem(5, "电话", "1", "太短")])]
    totals = Totals.count(outcomes, skipped_blank=3)
    assert totals.adds_up
    assert (totals.rows, totals.valid, totals.invalid, totals.units_created) == (4, 3, 1, 1)
    assert totals.summary == ("数据 4 行 = 有效 3 + 无效 1；有效 3 = 业主变更 1 + 新登记 1 + 无变化 1；"
                              "另有空行 3 行已跳过")


def test_a_problem_is_row_column_value_and_reason():
    assert Problem(7, "身份证号", "123", "太短", field="id_number").as_dict() == {
        "row": 7, "column": "身份证号", "value": "123", "reason": "太短"}
