"""closed_by holds both names of an override: the officer who closed and the supervisor
who signed the override on the spot

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 05:40:00

A display name is at most 120 characters; "<officer>, override signed by <supervisor>"
needs room for two of them.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('detainers', schema=None) as batch_op:
        batch_op.alter_column('closed_by', existing_type=sa.String(length=120),
                              type_=sa.String(length=260), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('detainers', schema=None) as batch_op:
        batch_op.alter_column('closed_by', existing_type=sa.String(length=260),
                              type_=sa.String(length=120), existing_nullable=False)
