"""Form helpers shared by all apps: NL Design System classes on Django widgets."""

from __future__ import annotations

from django import forms
from django.forms.widgets import Input

_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
    forms.PasswordInput: "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--password",
    Input: "utrecht-textbox utrecht-textbox--html-input",
}


def widget_class(widget: forms.Widget) -> str:
    for kind, css in _WIDGET_CLASSES.items():
        if isinstance(widget, kind):
            return css
    return ""


class NLDesignFormMixin:
    """Give every widget the NL Design System classes (render fields with includes/form_field.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound_field in self.fields.values():
            css = widget_class(bound_field.widget)
            if css:
                existing = bound_field.widget.attrs.get("class", "")
                bound_field.widget.attrs["class"] = f"{existing} {css}".strip()
