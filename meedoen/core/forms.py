"""Form helpers shared by all apps: NL Design System classes on Django widgets, and showing the
validation errors of a service on the form that called it."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
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

    # A service may name a field differently from the form: {"service field": "form field"}.
    service_error_fields: dict[str, str] = {}

    def add_service_error(self, exc: ValidationError) -> None:
        """Show a ValidationError raised by a service on this form: on its field when the form has one,
        else as an error of the whole form."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                target = self.service_error_fields.get(name, name)
                self.add_error(target if target in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


def call_service(form, call: Callable[[], object]) -> bool:
    """Run a service call for a valid form; on a ValidationError show it on the form and return False."""
    try:
        call()
    except ValidationError as exc:
        form.add_service_error(exc)
        return False
    return True

