"""The Reflex app: pages register themselves on import; the theme is set in rxconfig.py."""

import reflex as rx

import owner_portal.models  # noqa: F401  (tables known before anything queries)
from owner_portal import pages  # noqa: F401

app = rx.App(html_lang="zh-CN")
