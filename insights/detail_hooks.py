"""Hooks other apps use to add to the insight detail page without insights importing them.

The sign-off app registers a provider from its AppConfig.ready():

    register_department_state("signoff", provider)

`provider(insight, revision, departments)` returns {department_id: short plain-text state}
(e.g. "Signed 3 March", "Awaiting signature"); the page shows it beside each routed department.
Providers should answer in a constant number of queries.
"""

from collections.abc import Callable

from accounts.models import Department
from insights.models import Insight, InsightRevision

DepartmentStateProvider = Callable[[Insight, InsightRevision | None, list[Department]], dict[int, str]]

_PROVIDERS: dict[str, DepartmentStateProvider] = {}


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
