"""The site's navigation: which sections a person sees, decided by the permission policy."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from accounts.policy import Action, allowed


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    action: Action | None  # None: every signed-in user


# Each app's issue appends its sections here, in the order people meet them.
SECTIONS: list[Section] = [
    Section("Home", "home", None),
    Section("Emerging issues", "emerging-issues", Action.VIEW_EMERGING_ISSUES),
    Section("Contacts import", "contacts-import", Action.IMPORT_CONTACTS),
    Section("Insights", "insight-list", Action.BROWSE_INSIGHTS),
    Section("Sign-offs", "signoff-inbox", Action.VIEW_SIGNOFF_INBOX),
    Section("Actions", "action-list", Action.BROWSE_ACTIONS),
    Section("Sign-off overview", "signoff-overview", Action.VIEW_ALL_SIGNOFFS),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    links = []
    for section in SECTIONS:
        if section.action is not None and not allowed(user, section.action):
            continue
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:
            continue
        links.append({"label": section.label, "url": url, "active": request.path == url})
    return {"nav_sections": links}


# Executive education (issue 9): the staffing calculator, the quiz game and listen-in sessions.
SECTIONS += [
    Section("Staffing calculator", "staffing-calculator", Action.VIEW_STAFFING),
    Section("Quiz", "quiz", Action.PLAY_GAME),
    Section("Listen-in", "listen-in", Action.PLAY_GAME),
]
SECTIONS.append(Section("Executive view", "executive-dashboard", Action.VIEW_EXECUTIVE))
SECTIONS.append(Section("Recommendations", "recommendations", Action.WRITE_RECOMMENDATION))
# Ledger (issue 7)
SECTIONS += [
    Section("Ledger", "ledger", Action.BROWSE_LEDGER),
    Section("Record an outcome", "outcome-new", Action.RECORD_ANY_OUTCOME),
]
# Administration (issue 18)
SECTIONS.append(Section("People and departments", "people", Action.MANAGE_USERS))
