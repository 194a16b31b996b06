"""Dutch labels for the audit actions this app records (merged into ``audit.forms.ACTION_LABELS``).

READ_ACTIONS / CHANGE_ACTIONS say which of them count as looking at or changing one client's record.
"""


ACTION_LABELS: dict = {}
READ_ACTIONS: tuple[str, ...] = ()
CHANGE_ACTIONS: tuple[str, ...] = ()
