"""What a rendered fragment depends on besides its data: the templates, the compiled catalogues and the code. Their
fingerprint is part of every key, so workers of two releases sharing one Redis (a rolling deploy) never read each
other's HTML, and a changed translation shows at once after a deploy."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask

_EXTENSION = "fragments_release"
_CODE = Path(__file__).resolve().parent.parent  # the webapp package


def _files(app: Flask) -> list[tuple[str, Path]]:
    """(name, path) of every file that shapes rendered HTML, named relative to its folder: servers that installed
    the same release in other folders share fragments."""
    folders = [("templates", Path(app.root_path, app.template_folder or "templates"), "*")]
    for directory in str(app.config.get("BABEL_TRANSLATION_DIRECTORIES", "")).split(";"):
        if directory:
            folders.append(("translations", Path(directory), "*.mo"))
    folders.append(("webapp", _CODE, "*.py"))
    found = [
        (f"{label}/{path.relative_to(folder).as_posix()}", path)
        for label, folder, pattern in folders
        for path in folder.rglob(pattern)
        if path.is_file()
    ]
    return sorted(found)


def fingerprint(app: Flask) -> str:
    """The release's fingerprint, worked out once per process (some tens of milliseconds: a few megabytes hashed)."""
    found = app.extensions.get(_EXTENSION)
    if found is None:
        digest = hashlib.blake2b(digest_size=16)
        for name, path in _files(app):
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        found = app.extensions[_EXTENSION] = digest.hexdigest()
    return found
