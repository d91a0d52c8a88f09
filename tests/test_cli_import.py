"""`owner-portal import / export / undo-import` as scripts run them: a process and a SQLite DATABASE_URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "import"


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "owner_portal.cli", *args], cwd=REPO, capture_output=True,
                          text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=120,
                          env={**os.environ, "DATABASE_URL": url, "PYTHONUTF8": "1"})


def imported(url: str, name: str, *args: str) -> tuple[dict, subprocess.CompletedProcess]:
    done = cli(url, "import", str(FIXTURES / name), "--json", *args)
    return json.loads(done.stdout), done


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert cli(url, "init-db").returncode == 0
    data, done = imported(url, "base_roster.xlsx", "--create-units")
    assert done.returncode == 0 and data["new_registrations"] == 191 and data["batch_id"] == 1
    return url


def test_a_dry_run_prints_the_counts_and_writes_nothing(url):
    data, done = imported(url, "01_clean.xlsx", "--dry-run")
    assert done.returncode == 0 and data["batch_id"] is None
    assert (data["rows"], data["owner_changes"], data["new_registrations"], data["unchanged"]) == (14, 12, 1, 1)
    assert (data["header_row"], data["sheet"], data["mapping"]["业主姓名"]) == (1, "Sheet1", "name")
    again, _ = imported(url, "01_clean.xlsx", "--dry-run")
    assert again["owner_changes"] == 12


def test_invalid_rows_refuse_the_write_unless_skipped(url):
    data, done = imported(url, "08_row_errors.xlsx")
    assert done.returncode == 3 and data["batch_id"] is None and "跳过无效行" in done.stderr
    assert [r["row"] for r in data["invalid_rows"]] == [3, 4, 5, 6, 7, 8, 9]
    assert set(data["invalid_rows"][0]) == {"row", "column", "value", "reason"}
    data, done = imported(url, "08_row_errors.xlsx", "--skip-invalid")
    assert done.returncode == 0 and data["batch_id"] == 2


def test_an_unreadable_file_exits_non_zero_with_a_chinese_message(url):
    done = cli(url, "import", str(FIXTURES / "15_not_a_spreadsheet.xlsx"), "--json")
    assert done.returncode != 0 and done.stdout == "" and "已损坏" in done.stderr


def test_columns_can_be_mapped_by_hand(url, tmp_path):
    data, done = imported(url, "06_synonyms_combined_code.xlsx", "--dry-run", "--map", "姓名=", "--map", "过户日期=")
    assert done.returncode == 2 and "业主姓名" in done.stderr and data["missing_fields"] == ["业主姓名"]


def test_export_masks_unless_full_and_undo_restores(url, tmp_path):
    data, _ = imported(url, "01_clean.xlsx")
    assert cli(url, "export", str(tmp_path / "m.xlsx")).returncode == 0
    assert cli(url, "export", str(tmp_path / "f.xlsx"), "--full").returncode == 0
    masked = list(load_workbook(tmp_path / "m.xlsx").active.iter_rows(values_only=True))[1]
    full = list(load_workbook(tmp_path / "f.xlsx").active.iter_rows(values_only=True))[1]
    assert "*" in masked[7] and "*" not in full[7]
    undone = cli(url, "undo-import", str(data["batch_id"]))
    assert undone.returncode == 0 and "13 套" in undone.stdout
    again, _ = imported(url, "01_clean.xlsx", "--dry-run")
    assert again["owner_changes"] == 12
    assert cli(url, "undo-import", str(data["batch_id"])).returncode == 1
