"""Share links: what a person opening a link would notice if these broke."""

import base64
import zlib

import pytest

from sandbox.app.page.share import MAX_CODE_BYTES, ShareLinkError, parse_share, share_url

CODE = 'a = Value(2.0, label="a")\nb = a * 3 + "é ✓ <b>"\n'


def test_a_link_reopens_the_same_code_and_view():
    url = share_url(CODE, "http://host:5006/?embed=1#old", layout="force", colour="data", preset="neuron")
    assert url.startswith("http://host:5006/?embed=1#code=")
    assert parse_share(url) == {"code": CODE, "layout": "force", "colour": "data", "preset": "neuron"}


def test_hash_alone_and_empty_code_work():
    url = share_url("")
    assert parse_share(url) == {"code": ""}
    assert parse_share(url.partition("#")[2]) == {"code": ""}


def test_a_link_without_code_opens_nothing():
    assert parse_share("http://host/") == {}
    assert parse_share("#layout=force") == {}


def test_unknown_settings_are_ignored():
    assert parse_share(share_url("x = 1") + "&evil=<script>") == {"code": "x = 1"}


@pytest.mark.parametrize("packed", ["!!!notbase64", "aGVsbG8", share_url(CODE).split("code=")[1][:-6]])
def test_a_damaged_link_says_so(packed):
    with pytest.raises(ShareLinkError, match="link"):
        parse_share("#code=" + packed)


def test_a_zip_bomb_is_refused_without_inflating_it():
    bomb = base64.urlsafe_b64encode(zlib.compress(b"a" * (50 * MAX_CODE_BYTES), 9)).decode()
    with pytest.raises(ShareLinkError, match="larger than"):
        parse_share("#code=" + bomb)


def test_an_oversized_hash_is_refused():
    with pytest.raises(ShareLinkError, match="too long"):
        parse_share("#code=" + "A" * 400_000)


def test_the_link_is_short_for_ordinary_code():
    assert len(share_url(CODE * 20)) < 300
