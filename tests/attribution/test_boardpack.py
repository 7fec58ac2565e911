"""The board pack prints the sign-off chain's latest anchor."""

from attribution.boardpack import board_pack_html
from attribution.services.anchors import chain_anchor_write
from core.periods import Period
from tests.attribution.factories import SignoffRecordFactory


def test_the_board_pack_prints_the_latest_anchor(org):
    assert "No chain anchor has been written yet." in board_pack_html(period=Period.year(2026))
    SignoffRecordFactory()
    anchor = chain_anchor_write()
    html = board_pack_html(period=Period.year(2026))
    when = anchor.created_at.strftime("%Y-%m-%d %H:%M:%S")
    assert f"record #{anchor.sequence}" in html and anchor.record_hash in html and f"{when} UTC" in html
