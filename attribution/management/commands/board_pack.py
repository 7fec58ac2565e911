from django.core.management.base import BaseCommand

from attribution.boardpack import board_pack_pdf
from core.periods import Period


class Command(BaseCommand):
    help = "Write the quarter's board pack as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *, year, quarter, out, **options):
        with open(out, "wb") as fh:
            fh.write(board_pack_pdf(period=Period.quarter(year, quarter)))
        self.stdout.write(f"Wrote {out}")
