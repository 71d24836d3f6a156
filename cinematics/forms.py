"""Django forms for the shot library's admin pages: edit a shot, rename or merge tags."""
from __future__ import annotations

from django import forms

from assets.services import clean_tags
from video.engine.tone import EMOTIONAL_TONES

from .models import ShotTag


class ShotEditForm(forms.Form):
    tags = forms.CharField(required=False, max_length=2000, widget=forms.TextInput(attrs={"size": 80}),
                           help_text="Comma-separated. New tags join the vocabulary (unapproved).")
    emotional_tone = forms.ChoiceField(help_text="Changing it marks the tone as set by a curator: re-analysis keeps it.")
    genre = forms.CharField(required=False, max_length=50)
    scene_context = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))

    def __init__(self, *args, current_tone: str = "neutral", **kwargs):
        super().__init__(*args, **kwargs)
        tones = list(dict.fromkeys([*EMOTIONAL_TONES, current_tone]))
        self.fields["emotional_tone"].choices = [(t, t.replace("_", " ")) for t in tones if t]

    def clean_tags(self) -> list[str]:
        return clean_tags(self.cleaned_data["tags"])


class TagNameForm(forms.Form):
    """The target of a rename or a merge (an existing name merges into that tag)."""

    name = forms.CharField(max_length=100, label="New name")

    def clean_name(self) -> str:
        cleaned = clean_tags([self.cleaned_data["name"]])
        if not cleaned:
            raise forms.ValidationError("A tag name cannot be empty.")
        return cleaned[0]


class ShotTagForm(forms.ModelForm):
    """The vocabulary's change form: names are stored as the shots carry them (lower case)."""

    class Meta:
        model = ShotTag
        fields = ("name", "approved")

    def clean_name(self) -> str:
        return TagNameForm.clean_name(self)
