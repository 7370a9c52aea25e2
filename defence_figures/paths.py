"""Where the project's data lives, and the digests that key its caches; DEFENCE_FIGURES_ROOT points the app and the CLI at another copy."""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def root() -> Path:
    """Read at every call, so a test can point the app at a broken copy of the corpus."""
    return Path(os.environ.get("DEFENCE_FIGURES_ROOT") or PACKAGE_ROOT)


def curated_dir(base: Path | None = None) -> Path:
    return (base or root()) / "curated"


def sources_dir(base: Path | None = None) -> Path:
    return (base or root()) / "data" / "sources"


def display_path(path: Path, root: Path | None) -> str:
    """A path as messages show it: relative to the project root when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def workbooks_dir(base: Path | None = None) -> Path:
    return curated_dir(base) / "workbooks"


def checks_dir(base: Path | None = None) -> Path:
    return curated_dir(base) / "checks"


def claims_dir(base: Path | None = None) -> Path:
    return curated_dir(base) / "claims"


def data_dir(base: Path | None = None) -> Path:
    return (base or root()) / "data"


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (OSError, ValueError):  # ValueError: a NUL character in the name
        return ""


def workbook_digest(path: Path) -> str:
    """sha256 of a workbook's bytes, or '' when it cannot be read: a cache key, never an error."""
    return _file_digest(path)


def tables_digest(base: Path | None = None) -> str:
    """A hash of every workbook description and every workbook in data/: the cache key for load_tables."""
    base = base or root()
    digest = hashlib.sha256()
    for path in sorted(workbooks_dir(base).glob("*.yaml")) + sorted(data_dir(base).glob("*.xlsx")):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update((_file_digest(path) or "unreadable").encode())
        digest.update(b"\0")
    return digest.hexdigest()


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words: 'a named pipe', 'a directory', 'a device'."""
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a plain file")


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most limit + 1 bytes of a regular file (so a caller can tell it is too big); OSError for anything else.

    Looked at before it is opened: a named pipe would block its reader, and with it `validate` or
    every page, forever, and /dev/zero never ends. Opened without blocking, and looked at again, in
    case the file was swapped in between. The OSError's strerror says what the file is.
    """
    status = os.stat(path)
    if not stat.S_ISREG(status.st_mode):
        raise OSError(errno.EINVAL, f"it is {file_kind(status.st_mode)}, not a regular file")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "it changed while it was read")
        return handle.read(limit + 1)
