"""The daily beat tasks for contact partitions: thin, idempotent wrappers over the services."""

from insights.tasks.partitions import contact_partitions_ahead_task, contacts_retention_task


def test_the_tasks_run_their_services_and_a_second_run_changes_nothing(db):
    contact_partitions_ahead_task()
    assert contact_partitions_ahead_task() == 0  # the months ahead exist now
    contacts_retention_task()
    assert contacts_retention_task() == {"dropped": [], "deleted": 0}
