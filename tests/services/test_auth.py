"""Users, password hashes, sign-in sessions and who may do and see what."""

from datetime import timedelta

import pytest
from argon2 import Type
from sqlmodel import select

from owner_portal.config import settings
from owner_portal.models import AuditEntry, UserSession
from owner_portal.models.base import utcnow
from owner_portal.models.user import ADMIN, CLERK, FINANCE, MANAGER, ROLE_LABELS
from owner_portal.services import auth
from owner_portal.services.errors import AuthFailed, InvalidValue, PermissionDenied

_PRODUCTION_HASHER = auth._hasher
pytestmark = pytest.mark.usefixtures("cheap_password_hashes")

PASSWORD = "correct horse 2026"


def test_production_hashes_are_argon2id_at_no_less_than_the_recommended_cost():
    assert _PRODUCTION_HASHER.type is Type.ID
    assert _PRODUCTION_HASHER.time_cost >= 2 and _PRODUCTION_HASHER.memory_cost >= 19 * 1024  # OWASP: m=19 MiB, t=2


def add_user(session, username="clerk1", role=CLERK, password=PASSWORD):
    user = auth.create_user(session, username=username, password=password, role=role, actor="admin")
    session.commit()
    return user


def signed_in(session, user):
    token = auth.start_session(session, user=user)
    session.commit()
    return token


def test_a_password_is_stored_as_an_argon2_hash_never_in_plain(session):
    user = add_user(session)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert auth.authenticate(session, username="clerk1", password=PASSWORD).id == user.id


def test_two_users_with_the_same_password_get_different_hashes(session):
    assert add_user(session, "a").password_hash != add_user(session, "b").password_hash


def test_creating_a_user_is_audited_without_the_password(session):
    user = add_user(session)
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "user.create")).one()
    assert (entry.entity_id, entry.actor, entry.after) == (user.id, "admin", {"username": "clerk1", "role": CLERK})
    assert PASSWORD not in str(entry.before) + str(entry.after)


@pytest.mark.parametrize("username, password, role, message", [
    ("  ", PASSWORD, CLERK, "用户名不能为空"),
    ("x", "short", CLERK, f"密码至少 {auth.MIN_PASSWORD} 位"),
    ("x", PASSWORD, "boss", "角色「boss」不存在"),
])
def test_a_user_without_name_with_a_short_password_or_an_unknown_role_is_refused(session, username, password,
                                                                                     role, message):
    with pytest.raises(InvalidValue, match=message):
        auth.create_user(session, username=username, password=password, role=role, actor="admin")


def test_a_username_is_trimmed_and_cannot_be_taken_twice(session):
    assert add_user(session, " clerk1 ").username == "clerk1"
    with pytest.raises(InvalidValue, match="用户名「clerk1」已存在"):
        add_user(session, "clerk1")


@pytest.mark.parametrize("username, password", [("clerk1", "wrong password"), ("nobody", PASSWORD),
                                                ("clerk1", ""), ("clerk1", PASSWORD.upper())])
def test_a_wrong_password_or_unknown_user_fails_with_the_same_message(session, username, password):
    add_user(session)
    with pytest.raises(AuthFailed, match="^用户名或密码错误$"):
        auth.authenticate(session, username=username, password=password)


def test_an_inactive_user_cannot_sign_in(session):
    user = add_user(session)
    user.active = False
    session.commit()
    with pytest.raises(AuthFailed):
        auth.authenticate(session, username="clerk1", password=PASSWORD)


def test_a_session_token_finds_its_user_and_only_its_hash_is_stored(session):
    user = add_user(session)
    token = signed_in(session, user)
    assert auth.user_for_token(session, token=token).id == user.id
    stored = session.exec(select(UserSession)).one()
    assert token not in (stored.token_hash, str(stored.user_id)) and len(stored.token_hash) == 64


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_an_empty_or_unknown_token_finds_nobody(session, token):
    add_user(session)
    assert auth.user_for_token(session, token=token) is None


def test_every_sign_in_gets_its_own_token(session):
    user = add_user(session)
    assert signed_in(session, user) != signed_in(session, user)


def test_a_session_expires_after_the_configured_hours(session, monkeypatch):
    monkeypatch.setattr(settings, "session_hours", 2)
    user = add_user(session)
    started = utcnow()
    monkeypatch.setattr(auth, "utcnow", lambda: started)
    token = signed_in(session, user)
    monkeypatch.setattr(auth, "utcnow", lambda: started + timedelta(hours=2) - timedelta(seconds=1))
    assert auth.user_for_token(session, token=token).id == user.id
    monkeypatch.setattr(auth, "utcnow", lambda: started + timedelta(hours=2))
    assert auth.user_for_token(session, token=token) is None


def test_ending_a_session_signs_out_that_token_only(session):
    user = add_user(session)
    first, second = signed_in(session, user), signed_in(session, user)
    auth.end_session(session, token=first)
    session.commit()
    assert auth.user_for_token(session, token=first) is None
    assert auth.user_for_token(session, token=second).id == user.id


def test_a_deactivated_user_is_signed_out_of_open_sessions(session):
    user = add_user(session)
    token = signed_in(session, user)
    user.active = False
    session.commit()
    assert auth.user_for_token(session, token=token) is None


ALLOWED = {
    "unit.view": {ADMIN, CLERK, MANAGER, FINANCE},
    "change.view": {ADMIN, CLERK, MANAGER, FINANCE},
    "owner.change": {ADMIN, CLERK},
    "owner.correct": {ADMIN, CLERK},
    "import.run": {ADMIN, CLERK},
    "users.manage": {ADMIN},
    "audit.view": {ADMIN, MANAGER},
    "pii.full": {ADMIN, FINANCE},
    "no.such.permission": set(),
}


@pytest.mark.parametrize("permission, roles", ALLOWED.items())
def test_each_permission_is_granted_to_exactly_these_roles(permission, roles):
    assert {role for role in ROLE_LABELS if auth.can(role, permission)} == roles
    assert not auth.can(None, permission)


def test_every_permission_in_use_is_pinned_by_these_tests():
    assert set(auth.PERMISSIONS) == set(ALLOWED) - {"no.such.permission"}


def test_a_clerk_cannot_manage_users():
    with pytest.raises(PermissionDenied, match="没有权限"):
        auth.require(CLERK, "users.manage")
    auth.require(ADMIN, "users.manage")


@pytest.mark.parametrize("role", [CLERK, MANAGER])
def test_only_admin_and_finance_see_full_personal_data(role):
    assert not auth.can(role, "pii.full")
    assert auth.can(ADMIN, "pii.full") and auth.can(FINANCE, "pii.full")


def test_nobody_signed_in_is_asked_to_sign_in_again():
    with pytest.raises(PermissionDenied, match="请重新登录"):
        auth.require(None, "unit.view")



def test_an_admin_changes_a_role_and_it_is_audited(session):
    add_user(session, "admin1", ADMIN)
    user = add_user(session)
    auth.update_user(session, username="clerk1", role=MANAGER, actor="admin1")
    session.commit()
    assert user.role == MANAGER
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "user.update")).one()
    assert (entry.before, entry.after) == ({"role": CLERK, "active": True}, {"role": MANAGER, "active": True})


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(session):
    add_user(session, "admin1", ADMIN)
    user = add_user(session)
    token = signed_in(session, user)
    auth.update_user(session, username="clerk1", active=False, actor="admin1")
    session.commit()
    assert auth.user_for_token(session, token=token) is None
    assert session.exec(select(UserSession).where(UserSession.user_id == user.id)).first() is None
    with pytest.raises(AuthFailed):
        auth.authenticate(session, username="clerk1", password=PASSWORD)
    auth.update_user(session, username="clerk1", active=True, actor="admin1")
    assert auth.authenticate(session, username="clerk1", password=PASSWORD).id == user.id


def test_a_reset_password_replaces_the_old_one_and_ends_sign_ins_without_logging_it(session):
    user = add_user(session)
    token = signed_in(session, user)
    auth.update_user(session, username="clerk1", password="brand new 2026", actor="admin1")
    session.commit()
    assert auth.user_for_token(session, token=token) is None
    with pytest.raises(AuthFailed):
        auth.authenticate(session, username="clerk1", password=PASSWORD)
    assert auth.authenticate(session, username="clerk1", password="brand new 2026").id == user.id
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "user.update")).one()
    assert "brand new" not in str(entry.after) and "$argon2" not in str(entry.after)
    with pytest.raises(InvalidValue, match="至少 8 位"):
        auth.update_user(session, username="clerk1", password="short", actor="admin1")


def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(session):
    add_user(session, "admin1", ADMIN)
    for change in ({"role": CLERK}, {"active": False}):
        with pytest.raises(InvalidValue, match="最后一位"):
            auth.update_user(session, username="admin1", actor="admin1", **change)
    add_user(session, "admin2", ADMIN)
    auth.update_user(session, username="admin1", active=False, actor="admin2")
    session.commit()


def test_updating_an_unknown_user_is_refused(session):
    with pytest.raises(InvalidValue, match="不存在"):
        auth.update_user(session, username="nobody", role=CLERK, actor="admin1")
