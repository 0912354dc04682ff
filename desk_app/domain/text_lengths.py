"""How many characters each stored text keeps: the one table of lengths.

The forms stop typing there, the services refuse more, and the database columns take
their `VARCHAR(n)` from here (the ORM's `String(LENGTHS["..."])`), so that no length is
written twice. The detainer and ICE-contact forms' own fields are in
`detainer.MAX_LENGTHS` and `contact_log.MAX_LENGTHS`; this table names every other
column, and each of the department's settings, by its name (a name means the same text
wherever it is stored).
"""

from __future__ import annotations

PERSON = 120  # a person as the records name them: the audit log's actor, "done by"
USERNAME = 80
HASH = 64  # a SHA-256 in hexadecimal
FILE_NAME = 260
CITATION = 200  # "Policy 413 §IV.A.3(g)", "Trust Act §2(b)"
PATH = 1000  # a folder or file on the workstation or a share

# Words typed into a field whose column has no length (a note, a reason, a message):
# the store refuses more (`store.field_limits`), the forms stop typing there.
NOTE = 4000
HANDOFF_NOTE = 2000  # a line or two per detainer on the shift handoff sheet

LENGTHS: dict[str, int] = {
    # who did something, as the audit log names them
    "actor": PERSON, "created_by": PERSON, "updated_by": PERSON, "done_by": PERSON,
    "added_by": PERSON, "decided_by": PERSON, "callback_by": PERSON,
    "notified_by": PERSON, "outgoing_by": PERSON, "incoming_by": PERSON,
    "release_eligible_by": PERSON, "ero_notified_by": PERSON, "copy_served_by": PERSON,
    "recipient": PERSON,
    "closed_by": 260,  # the closer and, after an override signed on the spot, the signer
    # people and sign-in
    "username": USERNAME, "incoming_username": USERNAME, "display_name": 200,
    "password_hash": 300,
    # custody events
    "bail_amount": 40, "ero_method": 20, "ero_contact": 200,
    # policies and checklists
    "profile_id": 80, "step_id": 80, "text": 300, "citation": CITATION,
    "rule_citation": CITATION, "information_citation": CITATION, "when_bail": 200,
    "method": 200,
    # files, scans and the records folder
    "file_name": FILE_NAME, "target_name": FILE_NAME, "media_type": 100,
    "source_path": PATH, "station": 120, "payload": 200,
    "sha256": HASH, "content_sha256": HASH, "prev_hash": HASH, "entry_hash": HASH,
    # the audit log and settings
    "action": 80, "key": 80,
    # the department's settings (the settings table keeps each value as text)
    "municipality": 200, "shift_starts": 100, "records_marker": FILE_NAME,
    "records_folder": PATH, "restricted_records_folder": PATH, "fax_inbox": PATH,
    "backup_folder": PATH, "intake_folders": NOTE, "stations": NOTE,
}
