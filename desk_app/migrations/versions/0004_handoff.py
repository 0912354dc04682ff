"""handoff: signed shift handoffs and their notes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 06:51:06.265754
"""
from alembic import op
import sqlalchemy as sa
import desk_app.store.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('handoffs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.String(length=80), nullable=False),
    sa.Column('ending_start', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('shift_start', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('shift_end', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('content_json', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('outgoing_by', sa.String(length=120), nullable=False),
    sa.Column('outgoing_role', sa.Enum('desk officer', 'supervisor', 'records clerk', 'analyst', 'administrator', name='handoff_role', native_enum=False, length=40), nullable=True),
    sa.Column('outgoing_signed_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('incoming_by', sa.String(length=120), nullable=False),
    sa.Column('incoming_username', sa.String(length=80), nullable=False),
    sa.Column('incoming_role', sa.Enum('desk officer', 'supervisor', 'records clerk', 'analyst', 'administrator', name='handoff_role', native_enum=False, length=40), nullable=True),
    sa.Column('incoming_signed_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoffs')),
    sa.UniqueConstraint('shift_start', name=op.f('uq_handoffs_shift_start'))
    )
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoffs_outgoing_signed_at'), ['outgoing_signed_at'], unique=False)

    op.create_table('handoff_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handoff_id', sa.Integer(), nullable=False),
    sa.Column('detainer_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('updated_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['detainer_id'], ['detainers.id'], name=op.f('fk_handoff_notes_detainer_id_detainers')),
    sa.ForeignKeyConstraint(['handoff_id'], ['handoffs.id'], name=op.f('fk_handoff_notes_handoff_id_handoffs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff_notes')),
    sa.UniqueConstraint('handoff_id', 'detainer_id', name=op.f('uq_handoff_notes_handoff_id'))
    )
    with op.batch_alter_table('handoff_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_notes_handoff_id'), ['handoff_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('handoff_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_notes_handoff_id'))

    op.drop_table('handoff_notes')
    with op.batch_alter_table('handoffs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoffs_outgoing_signed_at'))

    op.drop_table('handoffs')
