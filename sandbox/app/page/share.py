"""Share links: the code and the view state packed into the URL hash.

The hash (never the query string, which Tornado caps near 64 KB) holds
``code=`` zlib-compressed, base64url text, then plain view settings:

>>> url = share_url("a = Value(2.0)\\n", "http://localhost:5006/", layout="force")
>>> url.split("#")[0], url.split("&")[1]
('http://localhost:5006/', 'layout=force')
>>> parse_share(url)
{'code': 'a = Value(2.0)\\n', 'layout': 'force'}
>>> parse_share("#nothing=here")
{}

A lesson in progress travels too: ``lesson=`` the open lesson's name and
``done=`` the names of the lessons whose goal was met, comma-separated (never
the goal itself: that is always the preset file's). Links from before lessons
carry neither and open as they did:

>>> url = share_url("o = 1", preset="neuron", lesson="neuron", done="basics,neuron")
>>> url.partition("&")[2]
'preset=neuron&lesson=neuron&done=basics%2Cneuron'
>>> parse_share(url)
{'code': 'o = 1', 'preset': 'neuron', 'lesson': 'neuron', 'done': 'basics,neuron'}
"""

import base64
import binascii
import zlib
from urllib.parse import parse_qsl, urlencode

MAX_CODE_BYTES = 200_000  # decompressed cap: a zip bomb in a link must not eat the server's memory
MAX_HASH_CHARS = 300_000  # longer hashes are refused before decoding
VIEW_KEYS = ("layout", "colour", "size", "preset", "lesson", "done")  # view settings (and lesson state) a link carries


class ShareLinkError(ValueError):
    """A link whose code cannot be read; the message is for the person who opened it."""


def share_url(code, base_url="", **view):
    """The link that reopens ``code`` with the given view settings (None values left out)."""
    packed = base64.urlsafe_b64encode(zlib.compress(code.encode("utf-8"), 9)).decode("ascii").rstrip("=")
    settings = [(k, str(view[k])) for k in VIEW_KEYS if view.get(k) is not None]
    return base_url.split("#")[0] + "#" + urlencode([("code", packed)] + settings)


def parse_share(url_or_hash):
    """{code, and any view settings} from a link or its hash; {} when it carries no code.

    Raises ShareLinkError when the code is there but corrupt or too large.
    """
    fragment = url_or_hash.partition("#")[2] if "#" in url_or_hash else url_or_hash
    if len(fragment) > MAX_HASH_CHARS:
        raise ShareLinkError(f"This link is too long ({len(fragment):,} characters); it was not opened.")
    fields = dict(parse_qsl(fragment, keep_blank_values=True))
    if "code" not in fields:
        return {}
    found = {"code": _unpack(fields["code"])}
    found.update({k: fields[k] for k in VIEW_KEYS if fields.get(k)})
    return found


def _unpack(packed):
    try:
        raw = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
    except (binascii.Error, ValueError):
        raise ShareLinkError("This link's code is damaged (it is not valid base64); it was not opened.") from None
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(raw, MAX_CODE_BYTES)
    except zlib.error:
        raise ShareLinkError("This link's code is damaged (it does not decompress); it was not opened.") from None
    if inflater.unconsumed_tail:
        raise ShareLinkError(f"This link's code is larger than {MAX_CODE_BYTES:,} bytes; it was not opened.")
    if not inflater.eof:
        raise ShareLinkError("This link's code is cut short (was it copied whole?); it was not opened.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ShareLinkError("This link's code is not text; it was not opened.") from None
