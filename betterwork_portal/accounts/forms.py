"""The one field a second-factor page asks for."""

from django import forms

CODE_MAX_LENGTH = 32


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code; the page's
    view checks it (``betterwork_portal/second_factor.py``)."""

    code = forms.CharField(
        label="Code",
        max_length=CODE_MAX_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
