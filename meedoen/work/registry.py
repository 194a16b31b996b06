"""Everything the work app registers with lower layers when Django starts (client-page panels,
model-signal receivers that keep the matching profiles fresh). Each area module with a ``register()``
function is listed in ``AREA_MODULES``; ``WorkConfig.ready`` calls them once."""

from __future__ import annotations


def register_all() -> None:
    import importlib

    # Area modules that register something; a missing module is a programming error, not skipped.
    for name in AREA_MODULES:
        module = importlib.import_module(name)
        hook = getattr(module, "register", None)
        if hook is not None:
            hook()


# Modules with a ``register()`` function, called at start-up.
AREA_MODULES: tuple[str, ...] = (
    "meedoen.work.profile_signals",
    "meedoen.work.panels",
)
