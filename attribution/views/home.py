"""A home page per role. Lives on the top floor because it points at every app and accounts must not import them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import Role
from accounts.policy import Action, allowed, is_department_person, roles_held, starts_at_executive_view
from accounts.selectors import audit_entries, user_memberships
from attribution.selectors.signoffs import action_commitment_counts, action_commitments_visible
from core.demo_mail import demo_mail_enabled

DEPARTMENT_ACTIONS = (
    "Your department's actions",
    "action-list",
    "What your department committed to do: mark each done, or drop it with a reason.",
)
DEPARTMENT_LEDGER = ("Your department's ledger", "ledger", "What your improvements earned, and the center's credit.")

# Each role's starting points: (label, URL name, why). The URLs belong to the apps that own them.
ROLE_LINKS = {
    Role.ANALYST: [
        ("Import contacts", "contacts-import", "Bring in the latest calls, chats and emails."),
        ("Emerging issues", "emerging-issues", "New problems customers raise, flagged early."),
        ("Draft an insight", "insight-list", "Turn what customers say into a case for a department."),
    ],
    Role.LEAD: [
        ("Insights", "insight-list", "Drafts to review and publish."),
        ("Sign-off state", "signoff-overview", "Which departments have signed, promised or declined."),
        ("Recommendations", "recommendations", "Make the case for investment in the center."),
    ],
    Role.SIGNATORY: [
        ("Your inbox", "signoff-inbox", "Insights waiting for your signature."),
        DEPARTMENT_ACTIONS,
        DEPARTMENT_LEDGER,
    ],
    Role.MEMBER: [
        ("Your department's insights", "insight-list", "What the center learned for your department."),
        DEPARTMENT_ACTIONS,
        DEPARTMENT_LEDGER,
    ],
    Role.ADMIN: [
        ("People and departments", "people", "Invite people, give them roles, deactivate them; who signs for whom."),
        ("Audit log", "audit-log", "Every change made to people and roles: who, when, before and after."),
        ("Django admin", "admin:index", "For support: departments' webhooks and sponsors, and every table."),
    ],
}
ORDER = [Role.LEAD, Role.ANALYST, Role.SIGNATORY, Role.MEMBER, Role.ADMIN]


def _actions_now(user) -> str:
    """The department's open actions in a few words, beside the link to them."""
    counts = action_commitment_counts(action_commitments_visible(user=user))
    if not counts["open"]:
        return "Nothing open."
    overdue = f", {counts['overdue']} overdue" if counts["overdue"] else ""
    return f"Now: {counts['open']} open{overdue}."


@login_required
def role_home(request):
    if starts_at_executive_view(request.user):
        return redirect("executive-dashboard")
    roles = roles_held(request.user)
    actions_now = _actions_now(request.user) if is_department_person(request.user) else ""
    sections = []
    for role in (r for r in ORDER if r in roles):
        links = []
        for text, url_name, why in ROLE_LINKS[role]:
            if url_name == DEPARTMENT_ACTIONS[1]:
                why = f"{why} {actions_now}"
            links.append((text, reverse(url_name), why))
        sections.append((Role(role).label, links))
    return render(
        request,
        "attribution/home/role_home.html",
        {
            "memberships": user_memberships(user=request.user),
            "sections": sections,
            "demo_mail": demo_mail_enabled(),
            "recent_changes": audit_entries()[:5] if allowed(request.user, Action.VIEW_AUDIT_LOG) else None,
        },
    )
