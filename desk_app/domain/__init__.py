"""Pure rules of the booking desk: the clock, policy profiles, checklists, validation.

Nothing here imports Qt or SQLAlchemy, so every rule can be tested on its own.
"""
