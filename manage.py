#!/usr/bin/env python
import os
import sys

# Commands that read only the code (the models and the migration graph) run on a fresh clone with nothing
# configured: Django only warns when it cannot reach a database to check the migration history against. Every
# other command still stops on a missing DATABASE_URL with the settings' explanation.
OFFLINE_COMMANDS = frozenset({"makemigrations"})


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS and not os.environ.get("DATABASE_URL"):
        from core.devstack import DEFAULT_DATABASE_URL

        os.environ["DATABASE_URL"] = DEFAULT_DATABASE_URL
        os.environ.setdefault("DB_POOL_MAX_SIZE", "0")  # one attempt, not a pool's ten seconds of retries
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
