"""Who may do what: the one place permissions are decided.

Services call `require(user, Action.X, department=...)`; views and templates call `allowed(...)` to
decide what to show. Nothing else in the code base inspects roles directly.
"""

from collections.abc import Callable, Iterable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accounts.grants import Grants, grants_for
from accounts.grants import forget_grants as forget_grants  # re-exported: services drop a user's cached roles
from accounts.models import Department, Role, User
from accounts.selectors import department_members


class Action(StrEnum):
    # contacts and metrics
    IMPORT_CONTACTS = "import_contacts"
    VIEW_CONTACTS = "view_contacts"
    VIEW_METRICS = "view_metrics"
    # insights
    DRAFT_INSIGHT = "draft_insight"
    VIEW_DRAFTS = "view_drafts"
    PUBLISH_INSIGHT = "publish_insight"
    VIEW_PUBLISHED_INSIGHT = "view_published_insight"  # department-scoped: routed to it
    BROWSE_INSIGHTS = "browse_insights"  # the insight pages at all: center staff, executives, department people
    # sign-offs
    MANAGE_AGREEMENTS = "manage_agreements"
    VIEW_SIGNOFF = "view_signoff"  # department-scoped
    SIGN = "sign"  # department-scoped
    DECLINE = "decline"  # department-scoped
    PINKY_SWEAR = "pinky_swear"  # department-scoped
    COMMIT_ACTION = "commit_action"  # department-scoped: commit to actions and mark them done or dropped
    BROWSE_ACTIONS = "browse_actions"  # the actions pages at all: center staff, executives, department people
    VIEW_ALL_SIGNOFFS = "view_all_signoffs"
    VERIFY_SIGNOFFS = "verify_signoffs"  # check the record chain and its anchors: center staff, executives, admins
    VIEW_SIGNOFF_INBOX = "view_signoff_inbox"  # a person of any department
    # ledger
    RECORD_OUTCOME = "record_outcome"  # department-scoped: the improvement's department
    REVERSE_OUTCOME = "reverse_outcome"
    CLOSE_PERIOD = "close_period"
    VIEW_LEDGER = "view_ledger"  # department-scoped: its transactions and balances; no department = all of them
    BROWSE_LEDGER = "browse_ledger"  # the ledger pages at all: whole-ledger readers, or people of any department
    RECORD_ANY_OUTCOME = "record_any_outcome"  # navigation: a lead, or people of any department
    # executive view and education
    VIEW_EXECUTIVE = "view_executive"
    WRITE_RECOMMENDATION = "write_recommendation"
    SCHEDULE_LISTEN_IN = "schedule_listen_in"
    RUN_GAME = "run_game"
    PLAY_GAME = "play_game"
    VIEW_STAFFING = "view_staffing"  # the queue and staffing calculator
    ATTEND_LISTEN_IN = "attend_listen_in"  # be invited to a listen-in: executives and department people
    # administration
    MANAGE_USERS = "manage_users"
    # the executive view's value against cost, decisions and direct value (issue 15)
    RECORD_CENTER_COST = "record_center_cost"  # the center's monthly cost: its lead
    VIEW_CENTER_COSTS = "view_center_costs"  # center staff and executives, who read the return it feeds
    DECIDE_RECOMMENDATION = "decide_recommendation"  # approve, decline or ask for more: executives only
    POST_DIRECT_VALUE = "post_direct_value"  # the center's own saves and sales: its lead or an administrator
    ERASE_CONTACTS = "erase_contacts"  # a customer's right to erasure (issue 17)
    EXPORT_CONTACTS = "export_contacts"  # a customer's subject-access request (issue 17)
    # issue 18: emerging issues for executives and departments; the administrator's audit log
    VIEW_EMERGING_ISSUES = "view_emerging_issues"  # department-scoped: the reasons routed to it
    VIEW_AUDIT_LOG = "view_audit_log"


Rule = Callable[[Grants, int | None], bool]

_CENTER_STAFF = (Role.ANALYST, Role.LEAD)
_DEPARTMENT_PEOPLE = (Role.MEMBER, Role.SIGNATORY)


def _center_staff(g: Grants, d: int | None) -> bool:
    return g.in_center(*_CENTER_STAFF)


def _center_lead(g: Grants, d: int | None) -> bool:
    return g.in_center(Role.LEAD)


def _reader(g: Grants, d: int | None) -> bool:
    """Center staff and executives read across departments."""
    return g.in_center(*_CENTER_STAFF) or g.is_executive


def _department_reader(g: Grants, d: int | None) -> bool:
    return _reader(g, d) or g.in_department(d, *_DEPARTMENT_PEOPLE)


def _insight_reader(g: Grants, d: int | None) -> bool:
    return _reader(g, d) or bool(g.departments(*_DEPARTMENT_PEOPLE))


def _ledger_reader(g: Grants, d: int | None) -> bool:
    """Center staff, executives and administrators (who close its periods and reverse its outcomes) read the
    whole ledger; department people read their own department's."""
    return _reader(g, d) or g.is_admin or g.in_department(d, *_DEPARTMENT_PEOPLE)


def _ledger_browser(g: Grants, d: int | None) -> bool:
    return _ledger_reader(g, None) or bool(g.departments(*_DEPARTMENT_PEOPLE))


def _signatory(g: Grants, d: int | None) -> bool:
    return g.in_department(d, Role.SIGNATORY)


def _department_person(g: Grants, d: int | None) -> bool:
    return g.in_department(d, *_DEPARTMENT_PEOPLE)


def _lead_or_department(g: Grants, d: int | None) -> bool:
    return g.in_center(Role.LEAD) or g.in_department(d, *_DEPARTMENT_PEOPLE)


def _lead_or_admin(g: Grants, d: int | None) -> bool:
    return g.in_center(Role.LEAD) or g.is_admin


def _executive(g: Grants, d: int | None) -> bool:
    return g.is_executive or g.in_center(*_CENTER_STAFF)


def _player(g: Grants, d: int | None) -> bool:
    return g.is_executive or bool(g.departments(*_DEPARTMENT_PEOPLE)) or g.in_center(*_CENTER_STAFF)


def _admin(g: Grants, d: int | None) -> bool:
    return g.is_admin


RULES: dict[Action, Rule] = {
    Action.IMPORT_CONTACTS: _center_staff,
    Action.VIEW_CONTACTS: _center_staff,
    Action.VIEW_METRICS: _reader,
    Action.DRAFT_INSIGHT: _center_staff,
    Action.VIEW_DRAFTS: _center_staff,
    Action.PUBLISH_INSIGHT: _center_lead,
    Action.VIEW_PUBLISHED_INSIGHT: _department_reader,
    Action.BROWSE_INSIGHTS: _insight_reader,
    Action.MANAGE_AGREEMENTS: _center_lead,
    Action.VIEW_SIGNOFF: _department_reader,
    Action.SIGN: _signatory,
    Action.DECLINE: _signatory,
    Action.PINKY_SWEAR: _department_person,
    Action.COMMIT_ACTION: _department_person,
    Action.BROWSE_ACTIONS: _insight_reader,
    Action.VIEW_ALL_SIGNOFFS: _reader,
    Action.VIEW_SIGNOFF_INBOX: lambda g, d: bool(g.departments(*_DEPARTMENT_PEOPLE)),
    Action.RECORD_OUTCOME: _lead_or_department,
    Action.REVERSE_OUTCOME: _lead_or_admin,
    Action.CLOSE_PERIOD: _lead_or_admin,
    Action.VIEW_LEDGER: _ledger_reader,
    Action.BROWSE_LEDGER: _ledger_browser,
    Action.RECORD_ANY_OUTCOME: lambda g, d: g.in_center(Role.LEAD) or bool(g.departments(*_DEPARTMENT_PEOPLE)),
    Action.VIEW_EXECUTIVE: _executive,
    Action.WRITE_RECOMMENDATION: _center_lead,
    Action.SCHEDULE_LISTEN_IN: _center_lead,
    Action.RUN_GAME: _center_lead,
    Action.PLAY_GAME: _player,
    Action.VIEW_STAFFING: _player,
    Action.MANAGE_USERS: _admin,
    Action.RECORD_CENTER_COST: _center_lead,
    Action.VIEW_CENTER_COSTS: _executive,
    Action.DECIDE_RECOMMENDATION: lambda g, d: g.is_executive,
    Action.POST_DIRECT_VALUE: _lead_or_admin,
}


def _department_id(department: Department | int | None) -> int | None:
    if department is None or isinstance(department, int):
        return department
    return department.pk


def allowed(user: User, action: Action, department: Department | int | None = None) -> bool:
    """True when `user` may perform `action` (for `department`, where the action is department-scoped)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return RULES[action](grants_for(user), _department_id(department))


def require(user: User, action: Action, department: Department | int | None = None) -> None:
    """Raise PermissionDenied unless `allowed`; the message says what was refused."""
    if not allowed(user, action, department):
        where = ""
        if isinstance(department, Department):
            where = f" for {department.name}"
        raise PermissionDenied(f"You are not allowed to {action.value.replace('_', ' ')}{where}.")


def visible_department_ids(user: User) -> set[int] | None:
    """Departments whose routed items the user may see; None means every department."""
    g = grants_for(user)
    if g.is_executive or g.in_center(*_CENTER_STAFF):
        return None
    return g.departments(*_DEPARTMENT_PEOPLE)


def department_scope(user: User, action: Action) -> set[int] | None:
    """Departments for which `user` may perform a department-scoped `action`: None when it is allowed without
    naming one (for every department), else the ids of the user's own departments where it is allowed."""
    if allowed(user, action):
        return None
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    g = grants_for(user)
    return {d for d in g.departments() if RULES[action](g, d)}


# --- Questions that are not one action -------------------------------------------------------------------------
# Pages and services that need to know who holds which role ask one of these instead of reading grants or
# memberships themselves (ruff's TID251 bans `grants_for` and `Membership` elsewhere). Rules for new actions go in
# the table above; questions like these go below, one function each.


def roles_held(user: User) -> frozenset[str]:
    """Every role the user holds, in the organisation or in any department (which home sections to show)."""
    g = grants_for(user)
    return g.organisation.union(*g.by_department.values())


def starts_at_executive_view(user: User) -> bool:
    """An executive with no center or department role has no home page of their own: the dashboard is it."""
    return grants_for(user).is_executive and not roles_held(user) & {*_CENTER_STAFF, *_DEPARTMENT_PEOPLE}


def is_department_person(user: User) -> bool:
    """True for a member or signatory of any department (who has department work waiting on the home page)."""
    return bool(grants_for(user).departments(*_DEPARTMENT_PEOPLE))


def signoff_inbox_department_ids(user: User) -> set[int]:
    """Departments whose sign-off requests the user's inbox lists: every department where they hold a role."""
    return grants_for(user).departments()


def department_signatories(*, department: Department) -> QuerySet[User]:
    """The active people who may sign for `department` (who sign-off reminders go to)."""
    return department_members(department=department, roles=[Role.SIGNATORY])


def action_owners(*, department: Department) -> QuerySet[User]:
    """The active people who may own one of `department`'s actions: anyone holding a role in it."""
    return department_members(department=department)


# ---------------------------------------------------------------- ledger: recording improvements and outcomes


def outcome_departments(user: User):
    """The departments whose improvements and outcomes `user` may record: every department but the center for
    a center lead, else the user's own departments where recording is allowed."""
    g = grants_for(user)
    if g.in_center(Role.LEAD):
        return Department.objects.filter(is_contact_center=False)
    return Department.objects.filter(pk__in=[d for d in g.departments() if allowed(user, Action.RECORD_OUTCOME, d)])


def records_for_another_department(user: User, department: Department) -> bool:
    """True when `user` may not record for `department` but belongs to some department: naming the wrong
    department is then a mistake in the input (a 400 naming the field), not a refusal (a 403)."""
    return not allowed(user, Action.RECORD_OUTCOME, department) and bool(grants_for(user).departments())


# --- executive education (issue 13): who may be a guest, who belongs to a group -----------------------


def _listen_in_guest(g: Grants, d: int | None) -> bool:
    return g.is_executive or bool(g.departments(*_DEPARTMENT_PEOPLE))


RULES[Action.ATTEND_LISTEN_IN] = _listen_in_guest


def executive_ids() -> set[int]:
    """Ids of the people who hold the organisation-wide executive role."""
    return set(
        User.objects.filter(memberships__role=Role.EXECUTIVE, memberships__department__isnull=True).values_list(
            "id", flat=True
        )
    )


def group_members(*, executives: bool, department_ids: Iterable[int]) -> QuerySet[User]:
    """Active people of a group a game or listen-in is for: the executives (when asked) and the people
    (members and signatories) of the given departments."""
    condition = Q(pk__in=[])
    if executives:
        condition |= Q(memberships__role=Role.EXECUTIVE, memberships__department__isnull=True)
    department_ids = list(department_ids)
    if department_ids:
        condition |= Q(memberships__department_id__in=department_ids, memberships__role__in=_DEPARTMENT_PEOPLE)
    return User.objects.filter(condition, is_active=True).distinct()


# --- sign-off tamper evidence and revision visibility (issue 14) --------------------------------------


def _verifier(g: Grants, d: int | None) -> bool:
    # the readers who could always verify (analysts included, a kept contract) and, now, admins
    return _reader(g, d) or g.is_admin


RULES[Action.VERIFY_SIGNOFFS] = _verifier


def revision_department_ids(user: User) -> set[int] | None:
    """Departments whose routed insight revisions the user may read; None means every revision (center
    staff and executives). A department never reads a revision that was routed only to another one."""
    return visible_department_ids(user)


def center_leads() -> QuerySet[User]:
    """The active leads of the contact center: who hears of a department's decline (issue 14)."""
    center = Department.objects.filter(is_contact_center=True).first()
    return department_members(department=center, roles=[Role.LEAD]) if center else User.objects.none()


# --- ledger controls (issue 15): whose idempotency keys a recorder's key is one of -------------------------


def idempotency_scope(user: User, department: Department) -> int:
    """The department whose outcome keys `user`'s key for `department` is checked against: the center for center
    staff, else the department recorded for (the recorder's own). One department never learns another's keys."""
    g = grants_for(user)
    if g.in_center(*_CENTER_STAFF) and g.center_id is not None:
        return g.center_id
    return department.pk


# --- a customer's contacts: erasure and subject-access export (issue 17) -----------------------------

RULES[Action.ERASE_CONTACTS] = _admin
RULES[Action.EXPORT_CONTACTS] = _admin


# --- emerging issues and administration (issue 18) --------------------------------------------------------------


def _emerging_reader(g: Grants, d: int | None) -> bool:
    """Center staff and executives read every problem; department people the ones whose reasons were routed to
    one of their departments (`emerging_issue_department_ids` says which departments)."""
    if _reader(g, d):
        return True
    return g.in_department(d, *_DEPARTMENT_PEOPLE) if d is not None else bool(g.departments(*_DEPARTMENT_PEOPLE))


RULES[Action.VIEW_EMERGING_ISSUES] = _emerging_reader
RULES[Action.VIEW_AUDIT_LOG] = _admin


def emerging_issue_department_ids(user: User) -> set[int] | None:
    """Departments whose routed reasons' emerging issues `user` reads; None means every reason (center staff and
    executives). Which reasons are routed to a department is the insights app's answer."""
    return visible_department_ids(user)
