"""Forms for logging in, passwords and two-factor authentication (Dutch labels, NL Design System widgets)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from meedoen.core.forms import NLDesignFormMixin


class LoginForm(NLDesignFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none",
                                                     "spellcheck": "false"})
        self.fields["password"].label = _("Wachtwoord")
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class PasswordChangeForm(NLDesignFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(NLDesignFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mailadres")


class SetPasswordForm(NLDesignFormMixin, auth_forms.SetPasswordForm):
    pass


class OTPCodeForm(NLDesignFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        help_text=_("De 6 cijfers die uw authenticator-app nu toont."),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "spellcheck": "false", "size": "8"}),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Vul de 6 cijfers uit uw authenticator-app in."))
        return code


class ConfirmPasswordForm(NLDesignFormMixin, forms.Form):
    """Ask for the current password before a security setting is weakened."""

    password = forms.CharField(
        label=_("Uw wachtwoord"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return password
