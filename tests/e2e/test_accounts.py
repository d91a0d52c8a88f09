"""Accounts and what each role sees: an admin stops an account mid-task, audit logs and full values by role."""

import io
import re

import openpyxl
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.test_owner_change import fill_owner, open_unit
from tests.factories import valid_id

USER, PASSWORD = "e2e-zhang", "e2e-pass-2026"


def _sign_in(page, username: str, password: str) -> None:
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-submit")


def _user_row(page):
    return page.locator(".user-row", has_text=USER)


def test_an_account_stopped_mid_task_is_told_and_can_come_back_once_reactivated(page, browser, app_url):
    login(page, "admin")
    page.click("#nav-users")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="创建", exact=True).click()
    expect(_user_row(page)).to_contain_text("启用")

    clerk = browser.new_context(base_url=app_url, locale="zh-CN").new_page()
    clerk.goto("/login")
    _sign_in(clerk, USER, PASSWORD)
    clerk.wait_for_selector("#current-user")
    open_unit(clerk, "3-1-801")
    clerk.click("#replace-owner")
    fill_owner(clerk, 0, name="停用前", phone="13912345678", id_number=valid_id("19900101"))

    _user_row(page).locator(".toggle-active").click()
    expect(_user_row(page)).to_contain_text("停用")

    clerk.click("#review")
    expect(clerk.locator("#signed-out")).to_contain_text("登录已失效")
    clerk.click("#sign-in-again")
    clerk.wait_for_url(re.compile(r"/login\?next=/units/\d+/replace"))
    _sign_in(clerk, USER, PASSWORD)
    expect(clerk.locator("#login-error")).to_have_text("用户名或密码错误")

    _user_row(page).locator(".toggle-active").click()
    expect(_user_row(page)).to_contain_text("启用")
    _sign_in(clerk, USER, PASSWORD)
    clerk.wait_for_url(re.compile(r"/units/\d+/replace"))  # back where the clerk was
    expect(clerk.locator("#review")).to_be_visible()
    clerk.context.close()


def test_the_audit_log_is_for_admins_and_managers(page):
    login(page, "clerk")
    open_unit(page, "1-1-101")
    expect(page.locator("#history")).to_be_visible()
    expect(page.locator("#audit-log")).to_have_count(0)
    page.click("#logout")
    login(page, "manager")
    open_unit(page, "1-1-101")
    expect(page.locator(".audit-row").first).to_be_visible()


def _exported_phones(page) -> list[str]:
    with page.expect_download() as download:
        page.click("#export-roster")
    book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = book.active
    column = [c.value for c in sheet[1]].index("联系电话")
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]


def test_finance_exports_the_roster_in_full_and_a_clerk_masked(page):
    login(page, "finance")
    phones = _exported_phones(page)
    assert phones and all("*" not in p for p in phones) and re.fullmatch(r"1\d{10}", phones[0].split("、")[0])
    page.click("#logout")
    login(page, "clerk")
    assert all("****" in p for p in _exported_phones(page))
