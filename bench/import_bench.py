"""Import pipeline on a generated roster: seconds, rows/s and peak memory per step, beside the floor.

    .venv/bin/python bench/import_bench.py [N]      (default 100000; SQLite in a temp directory)

Steps timed: the first roster import (create units), then a change sheet giving every unit a new
owner: read, match+validate, diff, apply (owner changes with history and audit, one transaction),
then the same change sheet again as a user would do it: preview, then apply, which finds nothing to
write (NothingToImport: no batch). The floor: the change sheet read by
python-calamine alone and its rows inserted with sqlite3 executemany in one transaction.
"""

import io
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook
from sqlmodel import Session, SQLModel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import owner_portal.models  # noqa: E402,F401
from owner_portal.db import make_engine  # noqa: E402
from owner_portal.services.identity import id_check_digit  # noqa: E402
from owner_portal.services.imports import (  # noqa: E402
    ImportOptions, NothingToImport, apply_import, pipeline, read_workbook,
)

PLAN_ROWS = pipeline.plan_rows
HEADERS = ["楼栋", "单元", "房号", "建筑面积", "业主姓名", "联系电话", "身份证号", "入住日期"]
SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def roster(n: int, *, seed: int, start: date) -> bytes:
    """n units (buildings of 2 entrances × 33 floors × 4 rooms), each with one generated owner. A unit's area
    is the same in every sheet, as in life (a differing one would add a warning to every row)."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    ws = book.create_sheet("业主")
    ws.append(HEADERS)
    for i in range(n):
        building, rest = divmod(i, 264)
        entrance, rest = divmod(rest, 132)
        floor, room = divmod(rest, 4)
        born = date(1950, 1, 1) + timedelta(days=i // 500 + 2000 * seed)  # unique: 500 people a birthday
        first17 = f"110105{born:%Y%m%d}{i % 500 + 500 * (seed % 2):03d}"
        ws.append([f"{building + 1}栋", f"{entrance + 1}单元", f"{floor + 1}{room + 1:02d}", 60 + (i * 37 % 9000) / 100,
                   rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                   first17 + id_check_digit(first17), start + timedelta(days=rng.randrange(300))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Step:
    """Times a block; prints its line on exit, or keeps it in `line` when quiet (printed later, in order)."""

    def __init__(self, name: str, rows: int, *, quiet: bool = False):
        self.name, self.rows, self.quiet = name, rows, quiet

    def __enter__(self):
        self.start, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        seconds, cpu = time.perf_counter() - self.start, time.process_time() - self.cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rate = f"{self.rows / seconds:>12,.0f} rows/s" if self.rows else " " * 19
        self.line = f"{self.name:<34}{seconds:>8.2f} s{rate}{peak:>10,.0f} MB peak RSS{cpu:>8.2f} s CPU"
        if not self.quiet:
            print(self.line)
        self.seconds = seconds


def timed_plan(steps: dict, original):
    """pipeline.plan_rows wrapped so that diff is timed apart from match+validate."""

    def wrapper(*args, **kwargs):
        with Step("  diff", len(kwargs["rows"]), quiet=True) as step:  # printed after match+validate
            result = original(*args, **kwargs)
        steps["diff"], steps["diff line"] = step.seconds, step.line
        return result
    return wrapper


def import_file(session, data: bytes, n: int, label: str, *, create_units: bool) -> float:
    steps = {}
    pipeline.plan_rows = timed_plan(steps, PLAN_ROWS)
    total = time.perf_counter()
    with Step(f"{label}: read", n), pipeline.paused_gc():  # as pipeline.preview does
        book = read_workbook(data=data, filename="bench.xlsx")
    start = time.perf_counter()
    preview = pipeline.preview_workbook(session, workbook=book, options=ImportOptions(create_units=create_units))
    validate = time.perf_counter() - start - steps["diff"]
    print(f"{'  match+validate':<34}{validate:>8.2f} s{n / validate:>12,.0f} rows/s\n{steps['diff line']}")
    assert preview.totals.invalid == 0 and preview.totals.adds_up, preview.totals
    with Step("  apply", n):
        apply_import(session, preview=preview, actor="bench")
        session.commit()
    seconds = time.perf_counter() - total
    print(f"{label + ' end to end':<34}{seconds:>8.2f} s{n / seconds:>12,.0f} rows/s   {preview.totals.summary}\n")
    return seconds


def reimport(session, data: bytes, n: int) -> float:
    """The same change sheet again, preview then apply as a user would: nothing is written."""
    steps = {}
    pipeline.plan_rows = timed_plan(steps, PLAN_ROWS)
    total = time.perf_counter()
    with Step("same sheet again: read", n), pipeline.paused_gc():  # as pipeline.preview does
        book = read_workbook(data=data, filename="b.xlsx")
    start = time.perf_counter()
    preview = pipeline.preview_workbook(session, workbook=book, options=ImportOptions())
    validate = time.perf_counter() - start - steps["diff"]
    print(f"{'  match+validate':<34}{validate:>8.2f} s{n / validate:>12,.0f} rows/s\n{steps['diff line']}")
    assert preview.totals.unchanged == n, preview.totals
    with Step("  apply (nothing to import)", 0):
        try:
            apply_import(session, preview=preview, actor="bench")
            raise AssertionError("the same sheet again wrote something")
        except NothingToImport:
            session.rollback()
    seconds = time.perf_counter() - total
    print(f"{'same change sheet again':<34}{seconds:>8.2f} s{n / seconds:>12,.0f} rows/s   (all unchanged)\n")
    return seconds


def floor(data: bytes, n: int, folder: Path) -> float:
    total = time.perf_counter()
    with Step("floor: calamine read", n):
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[1:]
    with Step("floor: sqlite3 executemany", n):
        conn = sqlite3.connect(folder / "floor.db")
        conn.execute("CREATE TABLE r (b, e, room, area, name, phone, id, d)")
        with conn:
            conn.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [[str(v) for v in r] for r in rows])
        conn.close()
    seconds = time.perf_counter() - total
    print(f"{'floor end to end':<34}{seconds:>8.2f} s\n")
    return seconds


def main(n: int) -> None:
    print(f"generating {n:,} rows …")
    first, second = roster(n, seed=1, start=date(2019, 1, 1)), roster(n, seed=2, start=date(2026, 1, 1))
    with tempfile.TemporaryDirectory() as folder:
        # The floor first, in a process not yet holding the pipeline's million objects (the collector
        # would walk them all and bill the floor for it).
        base = floor(second, n, Path(folder))
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        SQLModel.metadata.create_all(engine)
        with Session(engine, expire_on_commit=False) as session:
            import_file(session, first, n, "roster (create units)", create_units=True)
            changes = import_file(session, second, n, "change sheet", create_units=False)
            again = reimport(session, second, n)
    targets = " (targets for 100,000 rows: < 8 s and < 4 s)" if n == 100_000 else " (targets are set for 100,000 rows)"
    print(f"change sheet end to end {changes:.2f} s = {changes / base:.1f}× the floor; "
          f"same sheet again {again:.2f} s{targets}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
