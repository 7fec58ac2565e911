"""How every Django form on the site is drawn: one form template, one field template, one set of classes.

`FORM_RENDERER = "core.forms.SiteFormRenderer"` makes `{{ form }}` and `{{ form.field.as_field_group }}` draw each
field as the stylesheet expects — its label above it, its help text, its errors in words beside it — whatever
its widget, and gives every widget the stylesheet's class (`input`, `select`, `checkbox`, ...), so a page's
form looks like every other page's without per-template markup.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Input

# The stylesheet's class for each kind of widget (attribution/static/css/site.css, "Forms").
_WIDGET_CLASSES: tuple[tuple[type, str], ...] = (
    (forms.CheckboxSelectMultiple, "choices"),
    (forms.RadioSelect, "choices"),
    (forms.CheckboxInput, "checkbox"),
    (forms.Select, "select"),
    (forms.Textarea, "textarea"),
    (forms.FileInput, "file"),
    (Input, "input"),
)


def widget_class(widget: forms.Widget) -> str:
    """The stylesheet's class for `widget` ("input" for any text-like input)."""
    for kind, css_class in _WIDGET_CLASSES:
        if isinstance(widget, kind):
            return css_class
    return "input"


class StyledBoundField(forms.BoundField):
    """A bound field whose widget carries the stylesheet's class, added to any class the form gave it."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.HiddenInput):
            return attrs
        classes = (attrs.get("class") or widget.attrs.get("class") or "").split()
        wanted = widget_class(widget)
        attrs["class"] = " ".join(classes if wanted in classes else [*classes, wanted])
        return attrs

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)


class SiteFormRenderer(DjangoTemplates):
    """Django's template renderer with the site's form and field templates and styled bound fields."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = StyledBoundField
