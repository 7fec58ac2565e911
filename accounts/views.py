"""Pages for administrators: people and departments, one person's roles and access, the audit log; and the page
an invited person chooses their password on."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from accounts.forms import InviteForm, RoleForm
from accounts.models import Department, Role, User
from accounts.policy import Action, require
from accounts.selectors import audit_entries, people_list, user_memberships, who_signs_for_whom
from accounts.services import invitation_resend, user_active_set, user_invite, user_role_grant, user_role_revoke
from core.pages import PageErrors, service_errors


def _people_page(request, form: InviteForm, status: int = 200):
    department = Department.objects.filter(slug=request.GET.get("department") or "").first()
    role = request.GET.get("role") if request.GET.get("role") in Role.values else None
    context = {
        "form": form,
        "people": people_list(department=department, role=role),
        "signing": who_signs_for_whom(),
        "departments": Department.objects.order_by("-is_contact_center", "name"),
        "roles": Role.choices,
        "department": department,
        "role": role,
    }
    return render(request, "accounts/people.html", context, status=status)


@login_required
def people(request):
    """Everyone, their roles and who signs for whom; invite a person by e-mail."""
    require(request.user, Action.MANAGE_USERS)
    if request.method != "POST":
        return _people_page(request, InviteForm())
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with service_errors(form):
            user = user_invite(by=request.user, **data)
            messages.success(request, f"Invitation e-mailed to {user.email}.")
            return redirect("person", user_id=user.pk)
    return _people_page(request, form, status=400)


def _person_page(request, person: User, form: RoleForm, errors: PageErrors | None = None, status: int = 200):
    context = {
        "person": person,
        "memberships": user_memberships(user=person),
        "form": form,
        "errors": errors,
        "history": audit_entries().filter(user=person)[:20],
        "invited": not person.has_usable_password(),
    }
    return render(request, "accounts/person.html", context, status=status)


@login_required
def person(request, user_id: int):
    """One person: their roles (give one, take one away), deactivate or reactivate, send the invitation again."""
    require(request.user, Action.MANAGE_USERS)
    person = get_object_or_404(User, pk=user_id)
    if request.method != "POST":
        return _person_page(request, person, RoleForm())
    form = RoleForm(request.POST)
    if form.is_valid():
        with service_errors(form):
            entry = user_role_grant(by=request.user, user=person, **form.cleaned_data)
            messages.success(request, "Role given." if entry else "They already hold that role.")
            return redirect("person", user_id=person.pk)
    return _person_page(request, person, form, status=400)


CHANGES = {"revoke", "deactivate", "reactivate", "resend-invitation"}


@login_required
@require_POST
def person_change(request, user_id: int, change: str):
    """One button on a person's page: revoke a role, deactivate, reactivate or resend the invitation."""
    require(request.user, Action.MANAGE_USERS)
    if change not in CHANGES:
        raise Http404("No such change.")
    person = get_object_or_404(User, pk=user_id)
    errors = PageErrors()
    with service_errors(errors):
        if change == "revoke":
            department = Department.objects.filter(pk=request.POST.get("department") or None).first()
            user_role_revoke(by=request.user, user=person, role=request.POST.get("role", ""), department=department)
            messages.success(request, "Role taken away.")
        elif change in {"deactivate", "reactivate"}:
            user_active_set(by=request.user, user=person, active=change == "reactivate")
            messages.success(request, f"{person} is {'active again' if person.is_active else 'deactivated'}.")
        elif change == "resend-invitation":
            invitation_resend(by=request.user, user=person)
            messages.success(request, f"Invitation e-mailed again to {person.email}.")
        return redirect("person", user_id=person.pk)
    return _person_page(request, person, RoleForm(), errors=errors, status=400)


@login_required
def audit_log(request):
    """Every change administrators made to people and roles, newest first."""
    require(request.user, Action.VIEW_AUDIT_LOG)
    page = Paginator(audit_entries(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"page": page})


class SignInView(auth_views.LoginView):
    """The sign-in page; in a seeded demo it points newcomers at the demo's introduction and mailbox."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs):
        from accounts.demo import demo_is_seeded
        from core.demo_mail import demo_mail_enabled

        return super().get_context_data(**kwargs) | {"demo_intro": demo_is_seeded(), "demo_mail": demo_mail_enabled()}


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Where an invitation's link leads: choose a password, then sign in."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        messages.success(self.request, "Your password is set. Sign in with your e-mail address and it.")
        return super().form_valid(form)
