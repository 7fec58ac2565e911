"""A home page per role. Lives in config/ because it points at every app and accounts must not import them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.models import Role
from accounts.policy import grants_for
from accounts.selectors import user_memberships

DEPARTMENT_LEDGER = ("Your department's ledger", "/ledger/", "What your improvements earned, and the center's credit.")

# Each role's starting points: (label, path, why). Paths belong to the apps that own them.
ROLE_LINKS = {
    Role.ANALYST: [
        ("Import contacts", "/contacts/imports/", "Bring in the latest calls, chats and emails."),
        ("Emerging issues", "/emerging-issues/", "New problems customers raise, flagged early."),
        ("Draft an insight", "/insights/", "Turn what customers say into a case for a department."),
    ],
    Role.LEAD: [
        ("Insights", "/insights/", "Drafts to review and publish."),
        ("Sign-off state", "/signoffs/", "Which departments have signed, promised or declined."),
        ("Recommendations", "/exec/recommendations/", "Make the case for investment in the center."),
    ],
    Role.SIGNATORY: [
        ("Your inbox", "/signoffs/inbox/", "Insights waiting for your signature."),
        DEPARTMENT_LEDGER,
    ],
    Role.MEMBER: [
        ("Your department's insights", "/insights/", "What the center learned for your department."),
        ("Actions", "/actions/", "What your department committed to do."),
        DEPARTMENT_LEDGER,
    ],
}
ORDER = [Role.LEAD, Role.ANALYST, Role.SIGNATORY, Role.MEMBER]


@login_required
def role_home(request):
    grants = grants_for(request.user)
    roles = set(grants.organisation) | {r for rs in grants.by_department.values() for r in rs}
    if Role.EXECUTIVE in roles and not roles & {Role.ANALYST, Role.LEAD, Role.SIGNATORY, Role.MEMBER}:
        return redirect("executive-dashboard")
    sections = [(Role(r).label, ROLE_LINKS[r]) for r in ORDER if r in roles]
    return render(
        request,
        "home/role_home.html",
        {"memberships": user_memberships(user=request.user), "sections": sections},
    )
