"""Recompute the sign-off record chain, check it against every chain anchor, and report whether it holds."""

import json

from django.core.management.base import BaseCommand, CommandError

from attribution.services.signoffs import signoff_chain_verify


class Command(BaseCommand):
    help = (
        'Recompute the sign-off hash chain and check every anchor; prints {"ok": true, "records": N, ...} '
        "or the first bad record or anchor."
    )

    def handle(self, *args, **options):
        result = signoff_chain_verify()
        self.stdout.write(json.dumps(result))
        if not result["ok"]:
            raise CommandError(
                f"Sign-off chain broken at record {result['record']} (#{result['sequence']}): {result['problem']}."
            )
