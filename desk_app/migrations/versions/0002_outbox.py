"""outbox: exports waiting for the records folder

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 06:16:47.508102
"""
from alembic import op
import sqlalchemy as sa
import desk_app.store.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('tracking_sheet', 'record_pdf', 'handoff', 'report', name='export_kind', native_enum=False, length=40), nullable=False),
    sa.Column('target_name', sa.String(length=260), nullable=False),
    sa.Column('detainer_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.String(length=200), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.Column('created_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('done_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['detainer_id'], ['detainers.id'], name=op.f('fk_outbox_detainer_id_detainers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_done_at'), ['done_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_target_name'), ['target_name'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_target_name'))
        batch_op.drop_index(batch_op.f('ix_outbox_done_at'))

    op.drop_table('outbox')
