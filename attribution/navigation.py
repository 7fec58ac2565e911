"""The site's navigation: which sections a person sees, decided by the permission policy.

At most `TOP_LEVEL` links sit in the header; the rest go into a "More" menu (a `<details>`, so it opens without
JavaScript), grouped by task. Which links stay on top is each section's `priority` (lower first), so every role
keeps its own daily pages in view while the header stays on one row at 1366 px and fits a 390 px phone.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from accounts.policy import Action, allowed

TOP_LEVEL = 7
# The tasks the "More" menu groups its links by, in this order.
GROUPS = ("Insights", "Sign-offs and actions", "Value and ledger", "Learn", "Administration")


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    action: Action | None  # None: every signed-in user
    group: str = "Insights"
    priority: int = 50  # which links stay on top when a person has more than TOP_LEVEL


# Each app's issue appends its sections here, in the order people meet them.
SECTIONS: list[Section] = [
    Section("Home", "home", None, priority=0),
    Section("Emerging issues", "emerging-issues", Action.VIEW_EMERGING_ISSUES, priority=30),
    Section("Contacts import", "contacts-import", Action.IMPORT_CONTACTS, priority=35),
    Section("Insights", "insight-list", Action.BROWSE_INSIGHTS, priority=10),
    Section("Sign-offs", "signoff-inbox", Action.VIEW_SIGNOFF_INBOX, "Sign-offs and actions", priority=12),
    Section("Actions", "action-list", Action.BROWSE_ACTIONS, "Sign-offs and actions", priority=20),
    Section("Sign-off overview", "signoff-overview", Action.VIEW_ALL_SIGNOFFS, "Sign-offs and actions", priority=14),
]


def _links(request) -> list[dict]:
    user = request.user
    links = []
    for section in SECTIONS:
        if section.action is not None and not allowed(user, section.action):
            continue
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:
            continue
        links.append(
            {
                "label": section.label,
                "url": url,
                "active": request.path == url,
                "group": section.group,
                "priority": section.priority,
            }
        )
    return links


def navigation(request) -> dict:
    """`nav_sections`: every link the person may follow; `nav_top` the header's; `nav_more` the rest by task."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": [], "nav_top": [], "nav_more": []}
    links = _links(request)
    if len(links) <= TOP_LEVEL:
        return {"nav_sections": links, "nav_top": links, "nav_more": []}
    # One place is kept for the "More" menu itself.
    kept = {id(link) for link in sorted(links, key=lambda link: link["priority"])[: TOP_LEVEL - 1]}
    top = [link for link in links if id(link) in kept]
    rest = [link for link in links if id(link) not in kept]
    more = [
        {"label": group, "links": [link for link in rest if link["group"] == group]}
        for group in (*GROUPS, *sorted({link["group"] for link in rest} - set(GROUPS)))
    ]
    return {
        "nav_sections": links,
        "nav_top": top,
        "nav_more": [group for group in more if group["links"]],
        "nav_more_active": any(link["active"] for link in rest),
    }


# Executive education (issue 9): the staffing calculator, the quiz game and listen-in sessions.
SECTIONS += [
    Section("Staffing calculator", "staffing-calculator", Action.VIEW_STAFFING, "Learn", priority=60),
    Section("Quiz", "quiz", Action.PLAY_GAME, "Learn", priority=65),
    Section("Listen-in", "listen-in", Action.PLAY_GAME, "Learn", priority=62),
]
SECTIONS.append(Section("Executive view", "executive-dashboard", Action.VIEW_EXECUTIVE, "Value and ledger", priority=5))
SECTIONS.append(
    Section("Recommendations", "recommendations", Action.WRITE_RECOMMENDATION, "Value and ledger", priority=40)
)
# Ledger (issue 7)
SECTIONS += [
    Section("Ledger", "ledger", Action.BROWSE_LEDGER, "Value and ledger", priority=25),
    Section("Record an improvement", "improvement-new", Action.RECORD_ANY_OUTCOME, "Value and ledger", priority=44),
    Section("Record an outcome", "outcome-new", Action.RECORD_ANY_OUTCOME, "Value and ledger", priority=45),
]
# Value against cost (issue 15): the lead records the center's monthly cost.
SECTIONS.append(Section("Center cost", "center-costs", Action.RECORD_CENTER_COST, "Value and ledger", priority=46))
# Administration (issue 18)
SECTIONS.append(Section("People and departments", "people", Action.MANAGE_USERS, "Administration", priority=8))
