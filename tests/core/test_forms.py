"""Every Django form is drawn through core/forms: label above, widget with the stylesheet's class, errors in words."""

from django import forms


class _Example(forms.Form):
    name = forms.CharField(help_text="As on your badge.")
    agree = forms.BooleanField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    notes = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def test_every_visible_widget_carries_the_stylesheet_class_for_its_kind():
    html = str(_Example())
    assert 'class="input"' in html and 'class="checkbox"' in html
    assert 'class="select"' in html and 'class="textarea"' in html
    assert 'type="hidden" name="secret" id="id_secret"' in html


def test_a_field_in_error_shows_its_message_beside_it_and_keeps_the_value():
    html = str(_Example({"name": "", "kind": "b", "agree": "on"}))
    assert '<ul class="errorlist" id="id_name_error"><li>This field is required.</li></ul>' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert '<option value="b" selected>' in html
    assert 'name="agree" aria-invalid' not in html and "checked" in html


def test_a_class_the_form_gives_is_kept_beside_the_stylesheet_class():
    class Wide(forms.Form):
        title = forms.CharField(widget=forms.TextInput(attrs={"class": "wide"}))

    assert 'class="wide input"' in str(Wide())
