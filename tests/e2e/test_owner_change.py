"""A clerk signs in, finds a unit, replaces its owners and sees the history — in a real browser."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.factories import valid_id


def open_unit(page, code: str) -> None:
    page.goto("/")
    page.fill("#search-text", code)
    page.click("#search-submit")
    expect(page.locator("#result-count")).to_have_text("共 1 套")
    page.locator(".unit-row a").first.click()
    expect(page.locator("#unit-code")).to_have_text(code)


def fill_owner(page, index: int, *, name: str, phone: str, id_number: str, share: str | None = None) -> None:
    page.fill(f"#owner-{index}-name", name)
    page.fill(f"#owner-{index}-phone", phone)
    page.fill(f"#owner-{index}-id_number", id_number)
    if share is not None:
        page.fill(f"#owner-{index}-share", share)


def test_anonymous_visitor_is_sent_to_login(page):
    page.goto("/")
    page.wait_for_url(re.compile(r"/login"))
    expect(page.locator("#login-submit")).to_be_visible()
    expect(page.locator(".unit-row")).to_have_count(0)


def test_wrong_password_is_refused_with_a_message(page):
    page.goto("/login")
    page.fill("#username", "clerk")
    page.fill("#password", "wrong-password")
    page.click("#login-submit")
    expect(page.locator("#login-error")).to_have_text("用户名或密码错误")


def test_search_by_room_and_by_owner_name(page):
    login(page)
    page.fill("#f-building", "2")
    page.fill("#f-room", "1501")
    page.click("#search-submit")
    expect(page.locator("#result-count")).to_have_text("共 2 套")  # 2栋 has two entrances
    expect(page.locator(".unit-row").first).to_contain_text("2-1-1501")
    owners = page.locator(".unit-row").first.locator("td").last.inner_text()
    surname = owners.strip()[0]
    page.click("text=清空")
    page.fill("#f-owner_name", surname)
    page.click("#search-submit")
    expect(page.locator(".unit-row").first).to_contain_text(surname)
    expect(page.locator(".unit-row").first).to_contain_text("****")  # phones masked in lists


def test_replace_an_owner_with_a_co_owner_and_see_the_history(page):
    login(page)
    open_unit(page, "1-1-301")
    previous = page.locator(".current-owner").first.inner_text().split("\n")[0]
    page.click("#replace-owner")
    page.fill("#effective-date", "2026年3月5日")
    page.locator("#effective-date").blur()
    expect(page.locator("#effective-date")).to_have_value("2026-03-05")
    fill_owner(page, 0, name="测试甲", phone="+86 139 1234 5678", id_number=valid_id("19850312").lower())
    page.click("#add-owner")
    fill_owner(page, 1, name="测试乙", phone="010-65597993", id_number=valid_id("19870101"))
    expect(page.locator("#share-total")).to_contain_text("100%")
    page.click("#review")
    expect(page.locator("#confirm-diff")).to_contain_text(previous)
    expect(page.locator("#confirm-diff")).to_contain_text("测试乙")
    page.click("#confirm")
    expect(page.locator("#done-message")).to_contain_text("1-1-301")
    page.click("#back-to-unit")
    expect(page.locator(".current-owner")).to_have_count(2)
    expect(page.locator(".current-owner").first).to_contain_text("测试甲")
    expect(page.locator("#history")).to_contain_text(previous)
    expect(page.locator("#history")).to_contain_text("2026-03-05")
    expect(page.locator(".change-row").first).to_contain_text("买卖")


def test_a_wrong_id_number_shows_its_message_and_saves_nothing(page):
    login(page)
    open_unit(page, "1-2-501")
    before = page.locator(".current-owner").all_inner_texts()
    page.click("#replace-owner")
    good = valid_id("19900101")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    fill_owner(page, 0, name="错号", phone="13912345678", id_number=wrong)
    page.locator("#owner-0-name").click()
    expect(page.locator(".field-error")).to_contain_text(f"最后一位应为 {good[17]}")
    page.click("#review")
    expect(page.locator("#form-error")).to_be_visible()
    expect(page.locator("#confirm")).to_have_count(0)
    open_unit(page, "1-2-501")
    assert page.locator(".current-owner").all_inner_texts() == before


def test_clerk_cannot_reach_admin_pages(page):
    login(page, "clerk")
    expect(page.locator("#nav-users")).to_have_count(0)
    page.goto("/admin/users")
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("#users-heading")).to_have_count(0)


def test_admin_reaches_user_management(page):
    login(page, "admin")
    page.click("#nav-users")
    expect(page.locator("#users-heading")).to_be_visible()
    for name in ("admin", "clerk", "manager", "finance"):
        expect(page.locator(".user-row", has_text=name).first).to_be_visible()


def test_logout_ends_the_session(page):
    login(page)
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login"))
    page.goto("/changes")
    page.wait_for_url(re.compile(r"/login"))


def test_clearing_the_search_empties_the_filter_boxes_too(page):
    login(page)
    page.fill("#f-building", "3")
    page.fill("#search-text", "王")
    page.click("#search-submit")
    page.click("text=清空")
    expect(page.locator("#f-building")).to_have_value("")
    expect(page.locator("#search-text")).to_have_value("")
    expect(page.locator("#result-count")).to_have_text("共 288 套")


def test_a_correction_keeps_blank_phone_and_id_and_says_what_changed(page):
    login(page)
    open_unit(page, "2-2-601")
    page.click("#correct-owner")
    page.locator("#owner-0-phone").click()
    page.locator("#owner-0-id_number").click()
    page.locator("#owner-0-email").fill("owner@example.cn")
    expect(page.locator(".field-error")).to_have_count(0)  # blank phone and ID mean "unchanged"
    page.click("#save-correction")
    page.click("#back-to-unit")
    expect(page.locator(".change-row").first).to_contain_text("信息更正")
    expect(page.locator(".change-row").first).to_contain_text("邮箱")


def test_recent_changes_page_through(page):
    login(page, "manager")
    page.click("#nav-changes")
    expect(page.locator(".change-row")).to_have_count(50)
    page.click("#changes-next")
    expect(page.locator("text=第 2 页")).to_be_visible()
    expect(page.locator(".change-row").first).to_be_visible()


def test_a_date_that_does_not_exist_stops_the_form_at_review(page):
    login(page)
    open_unit(page, "1-2-601")
    page.click("#replace-owner")
    fill_owner(page, 0, name="日期错", phone="13912345678", id_number=valid_id("19900101"))
    page.fill("#effective-date", "2026-02-30")
    page.click("#review")  # straight to review, without leaving the date box first
    expect(page.locator(".field-error")).to_contain_text("2026 年 2 月没有 30 日")
    expect(page.locator("#confirm")).to_have_count(0)
