"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from owner_portal.models.audit import AuditEntry
from owner_portal.models.change import OwnerChange
from owner_portal.models.community import Building, Community, Unit
from owner_portal.models.import_batch import ImportBatch, ImportMapping
from owner_portal.models.ownership import Ownership
from owner_portal.models.person import Person
from owner_portal.models.user import User, UserSession

__all__ = [
    "AuditEntry", "Building", "Community", "ImportBatch", "ImportMapping", "Ownership", "OwnerChange", "Person", "Unit", "User",
    "UserSession",
]
