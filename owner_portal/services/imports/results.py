"""Row outcomes and totals. Outcomes are data; totals are counted from them, so they always add up."""

from dataclasses import dataclass, field

CHANGE, NEW, UNCHANGED, INVALID = "change", "new", "unchanged", "invalid"
KIND_LABELS = {CHANGE: "业主变更", NEW: "新登记", UNCHANGED: "无变化", INVALID: "无效"}


@dataclass
class Problem:
    """One cell's problem: an error (the row is invalid) or a warning (the row still goes in)."""

    row: int  # as numbered in Excel
    column: str  # the column's header, as in the file
    value: str  # the original value, as text
    reason: str
    field: str = ""
    letter: str = ""  # the column's letter, to find the cell

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass(slots=True)
class RowOutcome:
    row: int
    kind: str  # change | new | unchanged | invalid
    unit: str = ""  # "3-2-1501" once the unit columns could be read
    diff: str = ""  # "3-2-1501: 张三 → 李四"
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    creates_unit: bool = False


@dataclass
class Totals:
    rows: int = 0  # non-blank data rows
    valid: int = 0
    invalid: int = 0
    owner_changes: int = 0
    new_registrations: int = 0
    unchanged: int = 0
    skipped_blank: int = 0  # blank rows between data rows: counted apart, never in `rows`
    units_created: int = 0  # valid rows whose unit is created (only with "allow creating units")

    @classmethod
    def count(cls, outcomes: list[RowOutcome], *, skipped_blank: int) -> "Totals":
        kinds = [o.kind for o in outcomes]
        return cls(rows=len(outcomes), valid=len(kinds) - kinds.count(INVALID), invalid=kinds.count(INVALID),
                   owner_changes=kinds.count(CHANGE), new_registrations=kinds.count(NEW),
                   unchanged=kinds.count(UNCHANGED), skipped_blank=skipped_blank,
                   units_created=sum(1 for o in outcomes if o.creates_unit and o.kind != INVALID))

    @property
    def adds_up(self) -> bool:
        return (self.rows == self.valid + self.invalid
                and self.valid == self.owner_changes + self.new_registrations + self.unchanged)

    @property
    def summary(self) -> str:
        """The sums the screen shows, so that nothing can go missing silently."""
        return (f"数据 {self.rows} 行 = 有效 {self.valid} + 无效 {self.invalid}；"
                f"有效 {self.valid} = 业主变更 {self.owner_changes} + 新登记 {self.new_registrations} + "
                f"无变化 {self.unchanged}；另有空行 {self.skipped_blank} 行已跳过")

    def as_dict(self) -> dict:
        return dict(self.__dict__)
