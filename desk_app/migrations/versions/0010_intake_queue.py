"""intake queue: every document that arrived in a watched fax folder

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 06:00:00
"""
from alembic import op
import sqlalchemy as sa
import desk_app.store.types


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('intake_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('station', sa.String(length=120), nullable=False),
    sa.Column('source_path', sa.String(length=1000), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('arrived_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.Enum('waiting', 'logged as a detainer', 'attached to a detainer', 'filed as an ICE contact', 'dismissed', name='intake_state', native_enum=False, length=40), nullable=False),
    sa.Column('reading', sa.Text(), nullable=False),
    sa.Column('read_fields', sa.Text(), nullable=False),
    sa.Column('typed_fields', sa.Text(), nullable=False),
    sa.Column('decided_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('detainer_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['ice_contacts.id'], name=op.f('fk_intake_items_contact_id_ice_contacts')),
    sa.ForeignKeyConstraint(['detainer_id'], ['detainers.id'], name=op.f('fk_intake_items_detainer_id_detainers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_items'))
    )
    with op.batch_alter_table('intake_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_items_arrived_at'), ['arrived_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_intake_items_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_intake_items_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('intake_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_items_state'))
        batch_op.drop_index(batch_op.f('ix_intake_items_sha256'))
        batch_op.drop_index(batch_op.f('ix_intake_items_arrived_at'))
    op.drop_table('intake_items')
