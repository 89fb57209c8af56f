"""`manage.py read_screenshot FILE... --json`: one JSON line per file, the issue's keys."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from bench.screenshots import order_sample
from evidence.reading.orders import JSON_KEYS

pytestmark = pytest.mark.django_db  # the shopping platforms come from the seeded directory


def test_json_lines_for_an_order_screenshot_and_a_file_that_is_not_an_image(tmp_path):
    sample = order_sample(6)  # Tmall, a small 540 px JPEG at quality 35
    assert sample.image.width == 540 and sample.format == "JPEG"
    shot = tmp_path / sample.filename
    shot.write_bytes(sample.encoded())
    note = tmp_path / "notes.txt"
    note.write_text("not a picture")
    out, err = io.StringIO(), io.StringIO()

    call_command("read_screenshot", str(shot), str(note), "--json", stdout=out, stderr=err)

    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert tuple(first) == JSON_KEYS and tuple(second) == JSON_KEYS
    assert first["file"] == str(shot)
    assert first["platform"] == "tmall"
    assert first["amount_paid"] == f"{sample.truth.amount_paid:.2f}"
    assert first["order_number"] == sample.truth.order_number
    assert first["purchase_date"] == sample.truth.purchase_date.isoformat()
    assert second == {"file": str(note)} | {key: None for key in JSON_KEYS[1:]}
    assert "notes.txt" in err.getvalue()


def test_no_file_read_at_all_is_an_error(tmp_path):
    missing = tmp_path / "missing.png"

    with pytest.raises(CommandError):
        call_command("read_screenshot", str(missing), stdout=io.StringIO(), stderr=io.StringIO())
