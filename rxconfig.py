import os

import reflex as rx
from reflex.constants import StateManagerMode

from owner_portal.config import settings

config = rx.Config(
    app_name="owner_portal",
    db_url=settings.database_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # Page state holds what clerks type (names, phones, ID numbers): kept in memory (one worker) or in
    # Redis (several workers, entries expire), never in Reflex's default .states/ files on disk.
    state_manager_mode=StateManagerMode.REDIS if os.environ.get("REFLEX_REDIS_URL") else StateManagerMode.MEMORY,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="teal", gray_color="slate", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
