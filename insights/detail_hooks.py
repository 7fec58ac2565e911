"""Hooks other apps use to add to the insight detail page without insights importing them.

The sign-off app registers a provider from its AppConfig.ready():

    register_department_state("signoff", provider)

`provider(insight, revision, departments)` returns {department_id: short plain-text state}
(e.g. "Signed 3 March", "Awaiting signature"); the page shows it beside each routed department.
Providers should answer in a constant number of queries.

It also registers what the reader can do next about the insight (`register_reader_links`): a provider
`(insight, revision, user)` returns [(label, url)], e.g. ("Review and sign", "/signoffs/requests/7/") for a
signatory whose department has an open request; the page shows them as buttons. And it hears of every reading
(`register_page_read`): `observer(insight, revision, user, channel=..., ip_address=..., user_agent=...)` is called
when the page is shown (sign-offs note the first opening of a request, from the e-mail link or the site).
"""

from collections.abc import Callable

from accounts.models import Department
from insights.models import Insight, InsightRevision

DepartmentStateProvider = Callable[[Insight, InsightRevision | None, list[Department]], dict[int, str]]

ReaderLinksProvider = Callable[[Insight, InsightRevision | None, object], list[tuple[str, str]]]

_PROVIDERS: dict[str, DepartmentStateProvider] = {}
_LINK_PROVIDERS: dict[str, ReaderLinksProvider] = {}
_READ_OBSERVERS: dict[str, Callable[..., None]] = {}


def register_department_state(name: str, provider: DepartmentStateProvider) -> None:
    _PROVIDERS[name] = provider


def unregister_department_state(name: str) -> None:
    _PROVIDERS.pop(name, None)


def department_states(
    *, insight: Insight, revision: InsightRevision | None, departments: list[Department]
) -> dict[int, list[str]]:
    """Every registered provider's state for each department, in registration order."""
    states: dict[int, list[str]] = {d.pk: [] for d in departments}
    for provider in _PROVIDERS.values():
        for department_id, state in provider(insight, revision, departments).items():
            if department_id in states and state:
                states[department_id].append(str(state))
    return states


def register_reader_links(name: str, provider: ReaderLinksProvider) -> None:
    _LINK_PROVIDERS[name] = provider


def unregister_reader_links(name: str) -> None:
    _LINK_PROVIDERS.pop(name, None)


def reader_links(*, insight: Insight, revision: InsightRevision | None, user) -> list[tuple[str, str]]:
    """What every registered provider offers `user` to do next about the insight, as (label, url) pairs."""
    return [link for provider in _LINK_PROVIDERS.values() for link in provider(insight, revision, user)]


def register_page_read(name: str, observer: Callable[..., None]) -> None:
    _READ_OBSERVERS[name] = observer


def page_read(*, insight: Insight, revision: InsightRevision | None, user, **where) -> None:
    """Tell every observer that `user` read the insight's page (`where`: channel, ip_address, user_agent)."""
    for observer in _READ_OBSERVERS.values():
        observer(insight, revision, user, **where)
