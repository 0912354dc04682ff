"""release eligibility and reimbursements: the Trust Act §1 ground that ended custody on
the charge and who recorded it; reimbursements as exact money with the day received

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 02:50:00

Existing detainers keep their release-eligible instant; the ground is read off what
started it (a recognizance decision, bail posted, a release). A transfer to court no
longer starts release eligibility, but what was recorded before is history and stays.
Reimbursements become exact dollars and cents; their day received is unknown for the
ones entered before (the report then lists them under "date not recorded").
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

GROUNDS = ('charges dropped or dismissed', 'acquitted of all charges', 'sentence served',
           'bail or bond posted', 'personal recognizance', 'referred to pre-trial diversion',
           'alternative to incarceration', 'court-ordered release',
           'otherwise eligible under the law')


def upgrade() -> None:
    with op.batch_alter_table('detainers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('release_ground', sa.Enum(
            *GROUNDS, name='release_ground', native_enum=False, length=40),
            nullable=True))
        batch_op.add_column(sa.Column('release_eligible_by', sa.String(length=120),
                                      nullable=False, server_default=''))
    detainers = sa.table('detainers', sa.column('release_eligible_at'),
                         sa.column('release_ground'), sa.column('bail_decision'),
                         sa.column('custody_status'), sa.column('outcome'))
    eligible = detainers.c.release_eligible_at.isnot(None)
    op.execute(detainers.update().where(
        eligible, detainers.c.bail_decision == 'personal recognizance'
    ).values(release_ground='personal recognizance'))
    op.execute(detainers.update().where(
        eligible, detainers.c.release_ground.is_(None),
        detainers.c.bail_decision == 'monetary bail',
        detainers.c.custody_status.in_(('bailed', 'released'))
    ).values(release_ground='bail or bond posted'))
    op.execute(detainers.update().where(
        eligible, detainers.c.release_ground.is_(None),
        detainers.c.custody_status == 'released'
    ).values(release_ground='otherwise eligible under the law'))
    with op.batch_alter_table('detainers', schema=None) as batch_op:
        batch_op.alter_column('release_eligible_by', server_default=None)
        batch_op.alter_column('reimbursement_amount', existing_type=sa.Float(),
                              type_=sa.Numeric(precision=12, scale=2),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('reimbursement_received_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('detainers', schema=None) as batch_op:
        batch_op.drop_column('reimbursement_received_on')
        batch_op.alter_column('reimbursement_amount', existing_type=sa.Numeric(12, 2),
                              type_=sa.Float(), existing_nullable=False)
        batch_op.drop_column('release_eligible_by')
        batch_op.drop_column('release_ground')
