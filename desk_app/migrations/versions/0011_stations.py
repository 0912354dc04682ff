"""stations: the station each detainer belongs to

Every detainer gets a station column. Detainers logged before it have no station ("")
and are shown as "(no station)" on every station's board and in the reports' own line:
which station's fax line an old detainer came through is not recorded anywhere, so
giving them all the first station would put wrong figures under that station.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('detainers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('station', sa.String(length=120), server_default='',
                                      nullable=False))
        batch_op.create_index(batch_op.f('ix_detainers_station'), ['station'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('detainers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_detainers_station'))
        batch_op.drop_column('station')
