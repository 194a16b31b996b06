"""Every action the code records has a Dutch label on the audit page."""

import re
from pathlib import Path

from meedoen.audit.forms import ACTION_LABELS, CHANGE_ACTIONS, READ_ACTIONS

ROOT = Path(__file__).resolve().parents[2]
# action="x.y", or the code passed as a string to an app's own _audit(...) / _record...(...) helper.
LITERAL = re.compile(r'(?:action=|_audit\([^"\n]*?|_record[a-z_]*\([^"\n]*?)"([a-z_]+\.[a-z_]+)"')


def _recorded_actions() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_recorded_action_has_a_label():
    actions = _recorded_actions()
    assert len(actions) > 20
    missing = sorted(actions - set(ACTION_LABELS))
    assert not missing, f"add a label to audit/forms.py ACTION_LABELS for: {missing}"


def test_read_and_change_lists_use_known_codes_and_do_not_overlap():
    assert set(READ_ACTIONS) <= set(ACTION_LABELS)
    assert set(CHANGE_ACTIONS) <= set(ACTION_LABELS)
    assert not set(READ_ACTIONS) & set(CHANGE_ACTIONS)
