"""Users, roles, password hashes, sign-in sessions, and who may do and see what."""

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, delete, select

from owner_portal.config import settings
from owner_portal.models import User, UserSession
from owner_portal.models.base import utcnow
from owner_portal.models.user import ADMIN, CLERK, FINANCE, MANAGER, ROLE_LABELS
from owner_portal.services import audit
from owner_portal.services.errors import AuthFailed, InvalidValue, PermissionDenied

ALL_ROLES = (ADMIN, CLERK, MANAGER, FINANCE)
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "unit.view": ALL_ROLES,
    "change.view": ALL_ROLES,
    "owner.change": (ADMIN, CLERK),
    "owner.correct": (ADMIN, CLERK),
    "import.run": (ADMIN, CLERK),
    "users.manage": (ADMIN,),
    "audit.view": (ADMIN, MANAGER),
    "pii.full": (ADMIN, FINANCE),  # everyone else sees masked phones and ID numbers
}
MIN_PASSWORD = 8
_hasher = PasswordHasher()


def can(role: str | None, permission: str) -> bool:
    return role in PERMISSIONS.get(permission, ())


def require(role: str | None, permission: str) -> None:
    if role is None:
        raise PermissionDenied("登录已过期或尚未登录，请重新登录")
    if not can(role, permission):
        raise PermissionDenied("您没有权限进行此操作")


def create_user(session: Session, *, username: str, password: str, role: str, actor: str,
                source: str = "form") -> User:
    username = username.strip()
    if not username:
        raise InvalidValue("username", "用户名不能为空")
    if role not in ROLE_LABELS:
        raise InvalidValue("role", f"角色「{role}」不存在，可选：{', '.join(ROLE_LABELS)}")
    if len(password) < MIN_PASSWORD:
        raise InvalidValue("password", f"密码至少 {MIN_PASSWORD} 位")
    if session.exec(select(User).where(User.username == username)).first():
        raise InvalidValue("username", f"用户名「{username}」已存在")
    user = User(username=username, password_hash=_hasher.hash(password), role=role)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="user.create", entity="user", entity_id=user.id,
                 after={"username": username, "role": role}, source=source)
    return user


def update_user(session: Session, *, username: str, actor: str, role: str | None = None,
                active: bool | None = None, password: str | None = None, source: str = "form") -> User:
    """Change a staff account's role, active flag or password. A deactivated account or a new
    password ends the account's sign-ins; the last active admin cannot be demoted or deactivated."""
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise InvalidValue("username", f"用户「{username}」不存在")
    before = {"role": user.role, "active": user.active}
    if role is not None and role not in ROLE_LABELS:
        raise InvalidValue("role", f"角色「{role}」不存在，可选：{', '.join(ROLE_LABELS)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise InvalidValue("password", f"密码至少 {MIN_PASSWORD} 位")
    new_role, new_active = role or user.role, user.active if active is None else active
    if user.role == ADMIN and user.active and not (new_role == ADMIN and new_active):
        _keep_an_admin(session, user)
    user.role, user.active = new_role, new_active
    if password is not None:
        user.password_hash = _hasher.hash(password)
    if password is not None or not user.active:
        session.exec(delete(UserSession).where(col(UserSession.user_id) == user.id))
    session.add(user)
    after = {"role": user.role, "active": user.active, **({"password": "（已重置）"} if password else {})}
    audit.record(session, actor=actor, action="user.update", entity="user", entity_id=user.id, before=before,
                 after=after, source=source)
    return user


def _keep_an_admin(session: Session, leaving: User) -> None:
    others = session.exec(select(User).where(User.role == ADMIN, col(User.active).is_(True),
                                             User.id != leaving.id)).first()
    if others is None:
        raise InvalidValue("role", "这是最后一位启用的管理员，不能停用或改为其他角色")


def authenticate(session: Session, *, username: str, password: str) -> User:
    user = session.exec(select(User).where(User.username == username.strip())).first()
    if user is None or not user.active or not _verify(user.password_hash, password):
        raise AuthFailed("用户名或密码错误")
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def start_session(session: Session, *, user: User) -> str:
    """A fresh random token for the browser; the database keeps only its hash."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(hours=settings.session_hours)
    session.add(UserSession(token_hash=_digest(token), user_id=user.id, expires_at=expires))
    return token


def user_for_token(session: Session, *, token: str) -> User | None:
    if not token:
        return None
    row = session.get(UserSession, _digest(token))
    if row is None or row.expires_at <= utcnow():
        return None
    user = session.get(User, row.user_id)
    return user if user and user.active else None


def end_session(session: Session, *, token: str) -> None:
    session.exec(delete(UserSession).where(col(UserSession.token_hash) == _digest(token)))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
