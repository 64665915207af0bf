"""Compressed answers (webapp/compression.py): a browser that asks gets pages, partials and static files compressed
(zstd, brotli or gzip), the same bytes once unpacked; a client that asks for nothing gets them as they are; caches
are told what the answer depends on."""

from __future__ import annotations

import gzip
import os
import re

import brotli
import pytest
from backports import zstd

from tests.factories import login, make_family, make_regisseur, make_user
from webapp import compression
from webapp.models import Relation, Role

CHROME = "gzip, deflate, br, zstd"  # what Chromium sends
UNPACK = {"zstd": zstd.decompress, "br": brotli.decompress, "gzip": gzip.decompress}
# The CSRF token carries the second it was signed: two requests may differ in it and nothing else.
TOKENS = re.compile(r'(name="csrf_token" value="|"X-CSRFToken": ?")[^"]+')


def _without_tokens(html: bytes) -> str:
    return TOKENS.sub(r"\1", html.decode())


@pytest.fixture
def family_page(client, db) -> str:
    """A youth signed in, and the path of her family's plan page."""
    youth = make_user(db, Role.JONGERE, name="Samira Haddou")
    family = make_family(db, make_regisseur(db), (youth, Relation.JONGERE), name="Haddou")
    login(client, youth)
    return f"/gezinnen/{family.id}/plan"


@pytest.mark.parametrize(("asked", "sent"), [(CHROME, "zstd"), ("gzip, deflate, br", "br"), ("gzip", "gzip")])
def test_a_page_comes_compressed_in_the_best_way_the_browser_knows(client, family_page, asked, sent) -> None:
    plain = client.get(family_page)
    packed = client.get(family_page, headers={"Accept-Encoding": asked})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == sent
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 2
    assert _without_tokens(UNPACK[sent](packed.data)) == _without_tokens(plain.data)


def test_a_partial_names_everything_it_depends_on_in_one_vary_header(client, family_page) -> None:
    """werkzeug's `response.vary` (which the session uses) reads only the first Vary header: a second one, as the
    security headers added, was dropped, and with it `HX-Request`."""
    response = client.get("/berichten", headers={"Accept-Encoding": CHROME, "HX-Request": "true"})
    assert response.status_code == 200
    (vary,) = response.headers.getlist("Vary")
    assert {part.strip() for part in vary.split(",")} >= {"Accept-Encoding", "Cookie", "HX-Request"}


def test_static_files_come_compressed_and_answer_a_repeated_question_with_not_modified(client, db) -> None:
    plain = client.get("/static/css/app.css")
    packed = client.get("/static/css/app.css", headers={"Accept-Encoding": CHROME})
    assert packed.headers["Content-Encoding"] == "br"
    assert UNPACK[packed.headers["Content-Encoding"]](packed.get_data()) == plain.get_data()
    assert packed.headers["ETag"] != plain.headers["ETag"]  # the packed bytes are another representation
    again = client.get(
        "/static/css/app.css", headers={"Accept-Encoding": CHROME, "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304 and not again.get_data()


@pytest.mark.parametrize(("asked", "sent"), [(CHROME, "br"), ("gzip, zstd", "zstd"), ("gzip", "gzip")])
def test_a_static_file_is_sent_compressed_at_the_highest_level_and_kept(client, db, asked, sent) -> None:
    """Compressed once per process, so at the level that sends the fewest bytes: brotli 11 for Chromium (44.2 KB
    of CSS and JavaScript as zstd 3 before, 35.9 KB now)."""
    plain = client.get("/static/js/htmx.min.js").get_data()
    first = client.get("/static/js/htmx.min.js", headers={"Accept-Encoding": asked})
    second = client.get("/static/js/htmx.min.js", headers={"Accept-Encoding": asked})
    assert first.headers["Content-Encoding"] == sent
    assert UNPACK[sent](first.get_data()) == plain
    assert second.get_data() == first.get_data()
    assert int(first.headers["Content-Length"]) == len(first.get_data())
    if sent == "br":
        assert len(first.get_data()) == len(brotli.compress(plain, quality=11)) < len(zstd.compress(plain, 3))
    assert "Accept-Encoding" in first.headers["Vary"]


def test_a_static_file_changed_on_disk_is_compressed_again(tmp_path) -> None:
    """Kept by path, size and modification time: a deploy that replaces a file without a restart sends the new one."""
    file = tmp_path / "app.css"
    file.write_text("body { color: black; }" * 40)
    before = file.stat()
    old = compression.static_file_compressed(str(file), before.st_mtime_ns, before.st_size, "br")
    file.write_text("main { color: white; }" * 41)
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    after = file.stat()
    new = compression.static_file_compressed(str(file), after.st_mtime_ns, after.st_size, "br")
    assert brotli.decompress(old) == b"body { color: black; }" * 40
    assert brotli.decompress(new) == b"main { color: white; }" * 41


def test_a_missing_static_file_is_still_not_found(client, db) -> None:
    response = client.get("/static/css/nowhere.css", headers={"Accept-Encoding": CHROME})
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_what_is_small_or_already_packed_goes_as_it_is(client, db) -> None:
    for path in ("/static/icons/apple-touch-icon-180.png", "/static/icons/icon-192.png"):
        response = client.get(path, headers={"Accept-Encoding": CHROME})
        assert response.status_code == 200 and "Content-Encoding" not in response.headers, path


def test_a_part_of_a_file_goes_as_it_is(client, db) -> None:
    """Compressed, the slice's Content-Range would describe bytes the body no longer holds."""
    plain = client.get("/static/css/app.css").get_data()
    part = client.get("/static/css/app.css", headers={"Accept-Encoding": CHROME, "Range": "bytes=0-99"})
    assert part.status_code == 206 and "Content-Encoding" not in part.headers
    assert part.get_data() == plain[:100]


def test_the_service_worker_answers_a_repeated_question_with_not_modified(client, db) -> None:
    """Its ETag gets the encoding added: without checking it again, the browser's update check never matched."""
    first = client.get("/sw.js", headers={"Accept-Encoding": CHROME})
    assert first.headers["Content-Encoding"] in ("zstd", "br")
    again = client.get("/sw.js", headers={"Accept-Encoding": CHROME, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
