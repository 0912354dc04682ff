"""contact log: ICE presence calls, requests, notices to command staff

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 06:32:40.705608
"""
from alembic import op
import sqlalchemy as sa
import desk_app.store.types


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ice_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.Enum('presence call', 'assistance request', 'notification request', 'administrative warrant', name='contact_kind', native_enum=False, length=40), nullable=False),
    sa.Column('occurred_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('agent_name', sa.String(length=200), nullable=False),
    sa.Column('agent_phone', sa.String(length=60), nullable=False),
    sa.Column('unit', sa.Enum('HSI', 'ERO', name='ice_unit', native_enum=False, length=40), nullable=False),
    sa.Column('reason', sa.Enum('criminal warrant', 'Massachusetts or other state warrant', 'civil / final order only', name='contact_reason', native_enum=False, length=40), nullable=False),
    sa.Column('decision', sa.Enum('assist', 'decline', 'officer-safety assistance only', name='contact_decision', native_enum=False, length=40), nullable=True),
    sa.Column('rule_citation', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('cad_number', sa.String(length=60), nullable=False),
    sa.Column('callback_result', sa.Enum('no service', 'one in custody', 'other', name='callback_result', native_enum=False, length=40), nullable=True),
    sa.Column('callback_note', sa.Text(), nullable=False),
    sa.Column('callback_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('callback_by', sa.String(length=120), nullable=False),
    sa.Column('detainer_id', sa.Integer(), nullable=True),
    sa.Column('subject_name', sa.String(length=200), nullable=False),
    sa.Column('information_released', sa.Text(), nullable=False),
    sa.Column('information_withheld', sa.Text(), nullable=False),
    sa.Column('nothing_else_released', sa.Boolean(), nullable=False),
    sa.Column('information_citation', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['detainer_id'], ['detainers.id'], name=op.f('fk_ice_contacts_detainer_id_detainers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ice_contacts'))
    )
    with op.batch_alter_table('ice_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ice_contacts_cad_number'), ['cad_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_ice_contacts_detainer_id'), ['detainer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ice_contacts_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('ice_contact_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=120), nullable=False),
    sa.Column('method', sa.String(length=200), nullable=False),
    sa.Column('notified_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('notified_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['ice_contacts.id'], name=op.f('fk_ice_contact_notices_contact_id_ice_contacts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ice_contact_notices')),
    sa.UniqueConstraint('contact_id', 'recipient', name=op.f('uq_ice_contact_notices_contact_id'))
    )
    with op.batch_alter_table('ice_contact_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ice_contact_notices_contact_id'), ['contact_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ice_contact_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ice_contact_notices_contact_id'))

    op.drop_table('ice_contact_notices')
    with op.batch_alter_table('ice_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ice_contacts_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_ice_contacts_detainer_id'))
        batch_op.drop_index(batch_op.f('ix_ice_contacts_cad_number'))

    op.drop_table('ice_contacts')
