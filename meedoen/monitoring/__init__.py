"""Monitoring: indicator definitions, cohort outcomes (Kaplan–Meier), targets, process figures, the bijstand
caseload and its forecast, the housing task, the equity view, reports and small-cell suppression.

The computations are pure modules (``forecast``, ``survival``, ``suppression``, ``housing``) tested against
hand calculations; pages, snapshots and reports build on them.
"""
