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

    # The NL Design System styles a control that is :invalid as an error, and an empty field with the HTML
    # `required` attribute is :invalid before anyone typed in it: a fresh form would open in red. So no
    # `required` attribute; `aria-required` tells assistive technology, and the server validates.
    use_required_attribute = False
    _NO_ARIA_REQUIRED = (forms.HiddenInput, forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound_field in self.fields.values():
            widget = bound_field.widget
            css = widget_class(widget)
            if css:
                existing = widget.attrs.get("class", "")
                widget.attrs["class"] = f"{existing} {css}".strip()
            if bound_field.required and not isinstance(widget, self._NO_ARIA_REQUIRED):
                widget.attrs.setdefault("aria-required", "true")

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

