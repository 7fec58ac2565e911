"""Forms of the administration pages: they parse input; the services decide what fits."""

from django import forms

from accounts.models import Department, Role


def _departments():
    return forms.ModelChoiceField(
        queryset=Department.objects.order_by("-is_contact_center", "name"),
        required=False,
        empty_label="— none (executive, administrator) —",
        help_text="Analysts and leads belong to the contact center; members and signatories to another department.",
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    full_name = forms.CharField(label="Full name", max_length=200)
    role = forms.ChoiceField(label="Role", choices=[("", "— no role yet —"), *Role.choices], required=False)
    department = _departments()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    department = _departments()
