"""Panels on the client page, contributed by higher apps.

The client page (``clients:detail``) shows the registry itself and then every registered panel in
order. Apps above ``clients`` (journey, caseload, …) register their panels in ``AppConfig.ready``,
so the dependency keeps pointing down: ``clients`` never imports them.

    from meedoen.clients.panels import register_panel

    class JourneyConfig(AppConfig):
        def ready(self):
            register_panel("journey.deadlines", 20, "journey/panels/deadlines.html", deadlines_context)

``context_function(request, client)`` returns a dict for the template (which also gets ``client``,
``request`` and ``panel_key``), or None to leave the panel out for this client or user. The page puts
each panel in ``<div class="meedoen-section" data-panel="{key}">``; the template starts with its own
``<h2 class="utrecht-heading-2">``. Static stylesheets a panel needs (``stylesheets=["css/x.css"]``)
are linked once in the page head. The client has already
passed the access door for reading; a panel that shows more sensitive data (health, for instance)
checks its own rule (``access.can_view_special_category``). Each context function must run a fixed
number of queries, whatever the size of the client's history: the page's query count is asserted
in the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

ContextFunction = Callable[..., dict | None]


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template_name: str
    context_function: ContextFunction
    stylesheets: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    html: SafeString
    stylesheets: tuple[str, ...] = ()


_registry: dict[str, Panel] = {}


def register_panel(key: str, order: int, template_name: str, context_function: ContextFunction, *,
                   stylesheets: tuple[str, ...] | list[str] = ()) -> Panel:
    """Add (or, with the same key, replace) a panel. Lower ``order`` comes first; ties go by key."""
    if not callable(context_function):
        raise TypeError("context_function must be callable")
    panel = Panel(key=key, order=order, template_name=template_name, context_function=context_function,
                  stylesheets=tuple(stylesheets))
    _registry[key] = panel
    return panel


def unregister_panel(key: str) -> None:
    _registry.pop(key, None)


def registered_panels() -> list[Panel]:
    return sorted(_registry.values(), key=lambda panel: (panel.order, panel.key))


def render_panels(request, client) -> list[RenderedPanel]:
    """Every registered panel that has something to show for this client, rendered in order."""
    rendered = []
    for panel in registered_panels():
        context = panel.context_function(request, client)
        if context is None:
            continue
        html = render_to_string(panel.template_name, {**context, "client": client, "panel_key": panel.key},
                                request=request)
        rendered.append(RenderedPanel(key=panel.key, html=html, stylesheets=panel.stylesheets))
    return rendered


def stylesheets_of(rendered: list[RenderedPanel]) -> list[str]:
    """The static paths of the stylesheets of these panels, each once, in panel order."""
    return list(dict.fromkeys(path for panel in rendered for path in panel.stylesheets))
