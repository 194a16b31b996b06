"""The shared form helpers: NL Design System classes, required fields, service errors on the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from meedoen.core.forms import NLDesignFormMixin, call_service


class ExampleForm(NLDesignFormMixin, forms.Form):
    name = forms.CharField(label="Naam")
    note = forms.CharField(label="Notitie", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="Akkoord")
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    service_error_fields = {"full_name": "name"}


def test_required_fields_are_aria_required_not_html_required():
    html = str(ExampleForm())
    # No HTML `required`: the NL Design System would paint an untouched empty field as invalid.
    assert " required" not in html
    name = str(ExampleForm()["name"])
    assert 'aria-required="true"' in name and "utrecht-textbox" in name
    assert "aria-required" not in str(ExampleForm()["note"])  # optional
    assert "aria-required" not in str(ExampleForm()["agree"])  # not allowed on a checkbox
    assert "aria-required" not in str(ExampleForm()["kind"])  # nor on radio buttons


def test_service_errors_land_on_the_field_or_the_form():
    form = ExampleForm(data={"name": "x", "agree": "on", "kind": "a"})
    assert form.is_valid()
    assert not call_service(form, lambda: (_ for _ in ()).throw(
        ValidationError({"full_name": "Te kort.", "elsewhere": "Iets anders."})))
    assert form.errors["name"] == ["Te kort."]
    assert form.non_field_errors() == ["Iets anders."]

    form = ExampleForm(data={"name": "x", "agree": "on", "kind": "a"})
    assert form.is_valid()
    assert not call_service(form, lambda: (_ for _ in ()).throw(ValidationError("Mag niet.")))
    assert form.non_field_errors() == ["Mag niet."]
    assert call_service(form, lambda: None)
