"""people.must_change_password: the administrator can make a person choose a new password

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 06:00:00

A person whose flag is set signs in with their old password and must choose a new one
(12 characters or more, CJIS 5.6.2.1.1) before the board opens or a command runs.
Everybody keeps signing in as before: the column starts false.
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("must_change_password")
