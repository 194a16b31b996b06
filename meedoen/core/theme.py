"""Per-municipality theming: NL Design System token values derived from one house colour.

The stylesheet only sets custom properties; text colours are chosen so contrast stays at WCAG AA
(4.5:1) whatever colour a municipality enters.
"""

from __future__ import annotations

import re

from django.shortcuts import get_object_or_404

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
WHITE = "#ffffff"
BLACK = "#000000"
AA_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    r, g, b = (int(digits[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def theme_css(colour: str) -> str:
    """CSS for a house colour ``#RRGGBB``; empty for an empty or malformed value."""
    if not colour or not _HEX.match(colour):
        return ""
    colour = colour.lower()
    on_colour = WHITE if contrast_ratio(colour, WHITE) >= contrast_ratio(colour, BLACK) else BLACK
    # Hover/focus shade moves away from the text colour, so contrast only improves.
    shade = f"color-mix(in srgb, {colour} 80%, {BLACK if on_colour == WHITE else WHITE})"
    darker = f"color-mix(in srgb, {colour} 80%, {BLACK})"
    lines = [
        f"--meedoen-brand-background-color: {colour};",
        f"--meedoen-brand-color: {on_colour};",
        f"--utrecht-nav-bar-background-color: {colour};",
        f"--utrecht-nav-bar-color: {on_colour};",
        f"--utrecht-button-primary-action-background-color: {colour};",
        f"--utrecht-button-primary-action-color: {on_colour};",
        f"--utrecht-button-primary-action-hover-background-color: {shade};",
        f"--utrecht-button-primary-action-focus-background-color: {shade};",
        f"--utrecht-button-primary-action-active-background-color: {shade};",
        f"--utrecht-button-primary-action-hover-color: {on_colour};",
        f"--utrecht-page-footer-background-color: {colour};",
        "--utrecht-page-footer-background-image: none;",
        f"--utrecht-page-footer-color: {on_colour};",
    ]
    # Links and outlined buttons sit on white: only use the colour for them when it is readable there.
    if contrast_ratio(colour, WHITE) >= AA_TEXT:
        lines += [
            f"--utrecht-link-color: {colour};",
            f"--utrecht-link-hover-color: {darker};",
            f"--utrecht-link-focus-color: {darker};",
            f"--utrecht-button-secondary-action-color: {colour};",
            f"--utrecht-button-secondary-action-border-color: {colour};",
            f"--utrecht-button-secondary-action-hover-color: {darker};",
            f"--utrecht-button-secondary-action-hover-border-color: {darker};",
            f"--utrecht-button-subtle-color: {colour};",
            f"--utrecht-button-subtle-hover-color: {darker};",
        ]
    body = "\n  ".join(lines)
    return f"/* Meedoen: house colour of the municipality */\n.utrecht-theme.meedoen-theme {{\n  {body}\n}}\n"


def stylesheet_for(public_id) -> str:
    """The theme CSS of a municipality by public id (404 if there is none)."""
    from meedoen.accounts.models import Municipality

    municipality = get_object_or_404(Municipality.objects.only("theme_primary_colour"), public_id=public_id)
    return theme_css(municipality.theme_primary_colour)
