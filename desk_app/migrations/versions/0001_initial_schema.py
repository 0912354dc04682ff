"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 06:11:35.308300
"""
from alembic import op
import sqlalchemy as sa
import desk_app.store.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('detainers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.String(length=80), nullable=False),
    sa.Column('detainer_number', sa.String(length=60), nullable=False),
    sa.Column('form_type', sa.Enum('I-247A', 'I-247', 'I-247D', 'I-247N', 'I-200', 'I-203', 'I-205', 'notification request', name='form_type', native_enum=False, length=40), nullable=False),
    sa.Column('case_number', sa.String(length=60), nullable=False),
    sa.Column('booking_number', sa.String(length=60), nullable=False),
    sa.Column('subject_id', sa.String(length=60), nullable=False),
    sa.Column('event_number', sa.String(length=60), nullable=False),
    sa.Column('file_number', sa.String(length=60), nullable=False),
    sa.Column('subject_name', sa.String(length=200), nullable=False),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('citizenship', sa.String(length=100), nullable=False),
    sa.Column('sex', sa.String(length=20), nullable=False),
    sa.Column('issuing_office', sa.String(length=200), nullable=False),
    sa.Column('issuing_officer', sa.String(length=200), nullable=False),
    sa.Column('issuing_phone', sa.String(length=60), nullable=False),
    sa.Column('ground_final_order', sa.Boolean(), nullable=False),
    sa.Column('ground_pending_proceedings', sa.Boolean(), nullable=False),
    sa.Column('ground_biometric_match', sa.Boolean(), nullable=False),
    sa.Column('ground_statements', sa.Boolean(), nullable=False),
    sa.Column('box2_transferred', sa.Boolean(), nullable=False),
    sa.Column('request_notify', sa.Boolean(), nullable=False),
    sa.Column('request_hold', sa.Boolean(), nullable=False),
    sa.Column('request_serve_copy', sa.Boolean(), nullable=False),
    sa.Column('reason_for_detainer', sa.String(length=200), nullable=False),
    sa.Column('arrest_location', sa.String(length=200), nullable=False),
    sa.Column('offenses', sa.Text(), nullable=False),
    sa.Column('criminal_history', sa.Boolean(), nullable=False),
    sa.Column('resident', sa.Boolean(), nullable=False),
    sa.Column('received_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('receipt_correction_reason', sa.Text(), nullable=False),
    sa.Column('clock_start_rule', sa.Enum('receipt', 'release_eligible', name='clock_start', native_enum=False, length=40), nullable=False),
    sa.Column('release_eligible_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('custody_status', sa.Enum('in custody', 'bail set', 'bailed', 'held until court', 'released', 'transferred', name='custody_status', native_enum=False, length=40), nullable=False),
    sa.Column('bail_decision', sa.Enum('monetary bail', 'personal recognizance', 'held until court', name='bail_decision', native_enum=False, length=40), nullable=True),
    sa.Column('bail_decided_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('bail_amount', sa.String(length=40), nullable=False),
    sa.Column('ero_notified_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ero_notified_by', sa.String(length=120), nullable=False),
    sa.Column('ero_method', sa.String(length=20), nullable=False),
    sa.Column('ero_contact', sa.String(length=200), nullable=False),
    sa.Column('ero_message', sa.Text(), nullable=False),
    sa.Column('copy_served_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('copy_served_by', sa.String(length=120), nullable=False),
    sa.Column('outcome', sa.Enum('released on bail', 'released on personal recognizance', 'released otherwise', 'transferred to ICE custody', 'transferred to court', 'expired', 'lifted or cancelled by ICE', 'entered in error', name='outcome', native_enum=False, length=40), nullable=True),
    sa.Column('closed_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=120), nullable=False),
    sa.Column('close_note', sa.Text(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('voided_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=False),
    sa.Column('deported', sa.Boolean(), nullable=True),
    sa.Column('reimbursement_amount', sa.Float(), nullable=False),
    sa.Column('created_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_detainers')),
    sa.UniqueConstraint('detainer_number', name=op.f('uq_detainers_detainer_number'))
    )
    with op.batch_alter_table('detainers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_detainers_case_number'), ['case_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_detainers_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_detainers_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_detainers_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_detainers_subject_name'), ['subject_name'], unique=False)

    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('desk officer', 'supervisor', 'records clerk', 'analyst', 'administrator', name='role', native_enum=False, length=40), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('username', name=op.f('uq_people_username'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('detainer_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('added_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('added_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['detainer_id'], ['detainers.id'], name=op.f('fk_attachments_detainer_id_detainers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_detainer_id'), ['detainer_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('detainer_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['detainer_id'], ['detainers.id'], name=op.f('fk_audit_log_detainer_id_detainers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_detainer_id'), ['detainer_id'], unique=False)

    op.create_table('checklist_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('detainer_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('duty', sa.Enum('officer in charge', 'desk officer', 'desk sergeant', 'arresting officer', 'booking officer', 'shift supervisor', 'records clerk', 'crime analyst', 'commanding officer', name='duty', native_enum=False, length=40), nullable=False),
    sa.Column('trigger', sa.Enum('on_receipt', 'on_bail_decision', 'on_release', 'on_transfer', name='trigger', native_enum=False, length=40), nullable=False),
    sa.Column('blocking', sa.Boolean(), nullable=False),
    sa.Column('citation', sa.String(length=200), nullable=False),
    sa.Column('when_bail', sa.String(length=200), nullable=False),
    sa.Column('state', sa.Enum('pending', 'done', 'not applicable', name='step_state', native_enum=False, length=40), nullable=False),
    sa.Column('due_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_at', desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['detainer_id'], ['detainers.id'], name=op.f('fk_checklist_steps_detainer_id_detainers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_steps')),
    sa.UniqueConstraint('detainer_id', 'step_id', name=op.f('uq_checklist_steps_detainer_id'))
    )
    with op.batch_alter_table('checklist_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_steps_detainer_id'), ['detainer_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('checklist_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_steps_detainer_id'))

    op.drop_table('checklist_steps')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_detainer_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor'))

    op.drop_table('audit_log')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_detainer_id'))

    op.drop_table('attachments')
    op.drop_table('settings')
    op.drop_table('people')
    with op.batch_alter_table('detainers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_detainers_subject_name'))
        batch_op.drop_index(batch_op.f('ix_detainers_received_at'))
        batch_op.drop_index(batch_op.f('ix_detainers_outcome'))
        batch_op.drop_index(batch_op.f('ix_detainers_closed_at'))
        batch_op.drop_index(batch_op.f('ix_detainers_case_number'))

    op.drop_table('detainers')
