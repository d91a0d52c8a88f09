"""indexes only where lookups use them

An import writes 100,000 people, changes, ownerships and audit entries; every index is paid for on
each insert. Dropped: person.name (searched by part, LIKE '%…%'), person.phone (looked up by its last
four digits), ownerchange.created_at and auditentry.created_at (lists sort by id), ownership.end_date
(NULL for every current ownership). auditentry's two single-column indexes become one on
(entity, entity_id), the way the audit trail is read.

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

DROPPED = {
    'person': ['name', 'phone'],
    'ownerchange': ['created_at'],
    'auditentry': ['created_at', 'entity', 'entity_id'],
    'ownership': ['end_date'],
}


def upgrade() -> None:
    for table, columns in DROPPED.items():
        for column in columns:
            op.drop_index(f'ix_{table}_{column}', table_name=table)
    op.create_index('ix_auditentry_entity_entity_id', 'auditentry', ['entity', 'entity_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_auditentry_entity_entity_id', table_name='auditentry')
    for table, columns in DROPPED.items():
        for column in columns:
            op.create_index(f'ix_{table}_{column}', table, [column], unique=False)
