"""The archive: finals by year and meeting, a JSON manifest of every file, registers, verify.

Layout of an archive root::

    manifest.json                      every file below, with its sha256, size, kind, number …
    2026/2026-06-12-zjazd/uchwala-1-2026.pdf
    2026/2026-06-12-zjazd/uchwala-1-2026-korekta-1.pdf   a correction, naming the one it replaces
    rejestry/rejestr-uchwal.xlsx (.csv), rejestr-komunikatow.*, czlonkowie.*

Finals are never overwritten. Hidden files (``.journal.json``, the number registry) are
konwent's own state and are not part of the archive proper.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .correction import Correction
from .errors import ArchiveError, Problem
from .fsutil import atomic_write, exclusive_lock, inside
from .i18n import _
from .model import Member
from .numbering import Frozen, Number

MANIFEST = "manifest.json"
REGISTERS = "rejestry"
LOCK = ".lock"
STATE_FILES = frozenset({MANIFEST, LOCK, ".journal.json"})
STATE_DIRS = frozenset({".numeracja"})  # the number registry of konwent before 0.10
LINK_FILE = "archiwum.txt"  # in an outputs folder's state: the archive its finals went to
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_json(data: Any) -> str:
    """Hash of data in a canonical JSON form (key order and whitespace do not count)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass
class Entry:
    """One file of the archive as the manifest records it."""

    path: str
    sha256: str
    size: int
    kind: str
    doc_id: str = ""
    number: str | None = None  # as printed ("2/2026"); ``seq``, ``year`` and ``body`` as data
    version: int = 0
    replaces: str | None = None
    inputs_sha256: str | None = None
    template_sha256: str | None = None
    konwent_version: str = __version__
    created: str = field(default_factory=now_iso)
    final: bool = True
    approved_by: str | None = None
    approved_at: str | None = None
    draft_sha256: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    seq: int | None = None  # the number in its sequence
    year: int | None = None  # the sequence's year; None for annexes (one sequence for all years)
    body: str | None = None  # identity of the issuing body (pipeline/identity.py)
    # Later states of the file, one per signature appended: sha256, size, field, signer, time.
    # ``sha256``/``size`` above stay those of the final as finalize wrote it.
    signatures: list[dict[str, Any]] = field(default_factory=list)

    def states(self) -> list[tuple[int, str]]:
        """(size, sha256) of every recorded state, oldest first; each a prefix of the next."""
        return [(self.size, self.sha256), *((s["size"], s["sha256"]) for s in self.signatures)]


@dataclass
class Manifest:
    files: dict[str, Entry] = field(default_factory=dict)

    def finals(self, doc_id: str) -> list[Entry]:
        """The final versions of one document, original first."""
        found = [e for e in self.files.values() if e.final and e.doc_id == doc_id]
        return sorted(found, key=lambda e: e.version)

    def latest(self, doc_id: str) -> Entry | None:
        versions = self.finals(doc_id)
        return versions[-1] if versions else None


def load_manifest(root: Path) -> Manifest:
    path = root / MANIFEST
    if not path.is_file():
        return Manifest()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest({p: Entry(**e) for p, e in data["files"].items()})
    except json.JSONDecodeError as exc:
        message = _("{}: line {}: the manifest is not valid JSON; restore it from a copy")
        raise ArchiveError(message.format(path, exc.lineno)) from None
    except (ValueError, KeyError, TypeError, AttributeError):
        message = _("{}: the manifest does not hold its files as konwent writes them")
        raise ArchiveError(message.format(path)) from None


def save_manifest(root: Path, manifest: Manifest) -> None:
    files = {p: asdict(manifest.files[p]) for p in sorted(manifest.files)}
    text = json.dumps({"format": 1, "files": files}, ensure_ascii=False, indent=2)
    atomic_write(root / MANIFEST, (text + "\n").encode("utf-8"))


def entry_number(entry: Entry) -> Number | None:
    """The number a final carries. Finals of konwent before 0.10 recorded only the printed text
    ("2/2026"), which is read once here."""
    if entry.seq is not None:
        return Number(entry.seq, entry.year)
    if not entry.number:
        return None
    head, _sep, year = entry.number.partition("/")
    if not head.isdigit() or (year and not year.isdigit()):
        return None
    return Number(int(head), int(year) if year else None)


def frozen_numbers(root: Path | None) -> list[Frozen]:
    """Every number printed in a final of the archive at ``root`` (none without an archive)."""
    if root is None or not (root / MANIFEST).is_file():
        return []
    return frozen_in(load_manifest(root))


def frozen_in(manifest: Manifest) -> list[Frozen]:
    """Every number printed in a final the manifest lists."""
    frozen = []
    for entry in manifest.files.values():
        number = entry_number(entry) if entry.final else None
        if number is not None:
            frozen.append(Frozen(entry.doc_id, entry.kind, entry.body, number))
    return frozen


def link_archive(state: Path, root: Path) -> None:
    """Remember in an outputs folder's state which archive its finals went to."""
    atomic_write(state / LINK_FILE, f"{root.resolve()}\n".encode())


def linked_archive(state: Path) -> Path | None:
    """The archive an outputs folder's finals went to, if finalize ever linked one."""
    link = state / LINK_FILE
    return Path(link.read_text(encoding="utf-8").strip()) if link.is_file() else None


def correction_of(manifest: Manifest, doc_id: str, issued: dt.date) -> Correction | None:
    """What the next final of ``doc_id`` replaces, when it has an earlier final: its kind,
    number and date (the date recorded with that final; ``issued`` for one recorded without)."""
    versions = manifest.finals(doc_id)
    if not versions:
        return None
    replaced = versions[-1]
    recorded = replaced.meta.get("data")
    date = dt.date.fromisoformat(recorded) if isinstance(recorded, str) else issued
    return Correction(len(versions), replaced.kind, replaced.number, date)


def final_path(year: int, group: str, stem: str, version: int) -> str:
    """Relative path of a final; a correction carries "korekta-N" in its name."""
    suffix = f"-korekta-{version}" if version else ""
    return f"{year}/{group}/{stem}{suffix}.pdf"


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the archive's lock: one finalize at a time writes to an archive."""
    with ExitStack() as held:
        try:
            held.enter_context(exclusive_lock(root / LOCK, wait=False))
        except BlockingIOError:
            message = _("{}: another konwent run is writing this archive").format(root)
            raise ArchiveError(message) from None
        yield


def remove_stale_parts(root: Path) -> list[Path]:
    """Delete temporary files an interrupted atomic write left behind; return them."""
    stale = [p for p in root.rglob(".*.part") if p.is_file()] if root.is_dir() else []
    for path in stale:
        path.unlink()
    return stale


INTACT, APPENDED, CHANGED = "intact", "appended", "changed"


def prefix_hashes(path: Path, sizes: Iterable[int]) -> dict[int, str]:
    """sha256 of the first ``size`` bytes of ``path`` for each size, in one read."""
    found: dict[int, str] = {}
    digest, position = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for size in sorted(set(sizes)):
            while position < size:
                block = handle.read(min(1 << 20, size - position))
                if not block:
                    return found
                digest.update(block)
                position += len(block)
            found[size] = digest.hexdigest()
    return found


def file_state(path: Path, entry: Entry) -> str:
    """INTACT: the file is its latest recorded state and holds every earlier one as a prefix;
    APPENDED: the same, with bytes appended since; CHANGED: anything else."""
    recorded = entry.states()
    size, latest = path.stat().st_size, recorded[-1][0]
    if size < latest:
        return CHANGED
    hashes = prefix_hashes(path, [s for s, _h in recorded])
    if any(hashes.get(s) != h for s, h in recorded):
        return CHANGED
    return INTACT if size == latest else APPENDED


def appended_signatures(path: Path, entry: Entry) -> list[dict[str, Any]] | None:
    """The signature states appended to ``path`` since its latest recorded state, ready for
    the manifest; None when the appended bytes are not valid signature increments."""
    from .signing import increments_after  # pyHanko is loaded only when a file grew

    increments = increments_after(path, entry.states()[-1][0])
    if increments is None:
        return None
    hashes = prefix_hashes(path, [i.size for i in increments])
    return [
        {"sha256": hashes[i.size], "size": i.size, "field": i.field, "signer": i.signer,
         "time": i.time or now_iso(), "recorded": now_iso()}
        for i in increments
    ]  # fmt: skip


@dataclass
class VerifyReport:
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)
    unrecorded: dict[str, int] = field(default_factory=dict)  # signed outside: bytes appended
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.unlisted or self.unrecorded)

    def problems(self, root: Path) -> list[Problem]:
        signed_outside = _(
            "signed outside konwent: {} bytes appended, a valid signature; "
            "run konwent archive record {} to record it"
        )
        rows = [
            *((p, _("missing: listed in the manifest, not on disk")) for p in self.missing),
            *((p, _("changed: its sha256 differs from the manifest")) for p in self.changed),
            *((p, signed_outside.format(n, root / p)) for p, n in self.unrecorded.items()),
            *((p, _("unlisted: on disk, not in the manifest")) for p in self.unlisted),
        ]
        return [Problem(file=str(root / p), path="", message=m, rule="archive") for p, m in rows]


def archive_files(root: Path) -> list[str]:
    """Every file under ``root`` except konwent's own state, as relative POSIX paths."""
    found = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    return sorted(p for p in found if p not in STATE_FILES and p.split("/", 1)[0] not in STATE_DIRS)


def verify(root: Path) -> VerifyReport:
    """Recompute every hash of the manifest and compare the listing with the disk."""
    if not (root / MANIFEST).is_file():
        raise ArchiveError(_("{}: no manifest.json, not an archive").format(root))
    manifest = load_manifest(root)
    report = VerifyReport()
    for relpath, entry in sorted(manifest.files.items()):
        path = inside(root, *relpath.split("/"))  # a manifest cannot point outside the archive
        if not path.is_file():
            report.missing.append(relpath)
        else:
            _check_file(report, relpath, path, entry)
        report.checked += 1
    report.unlisted = [p for p in archive_files(root) if p not in manifest.files]
    return report


def _check_file(report: VerifyReport, relpath: str, path: Path, entry: Entry) -> None:
    state = file_state(path, entry)
    if state == APPENDED and appended_signatures(path, entry) is not None:
        report.unrecorded[relpath] = path.stat().st_size - entry.states()[-1][0]
    elif state != INTACT:
        report.changed.append(relpath)


# --- registers -------------------------------------------------------------------------------

RESOLUTION_COLUMNS = [
    "numer", "data", "organ", "w_sprawie", "za", "przeciw", "wstrzymalo_sie", "wynik",
    "wersja", "zastepuje", "plik", "sha256",
]  # fmt: skip
COMMUNIQUE_COLUMNS = ["numer", "data", "tytul", "wersja", "zastepuje", "plik", "sha256"]
MEMBER_COLUMNS = [
    "id", "nazwa", "rodzaj", "typ", "ulica", "kod_pocztowy", "miejscowosc", "wojewodztwo",
    "nip", "regon", "krs", "nr_rejestru", "data_wpisu", "instytucja_tworzaca", "przedstawiciel",
    "uchwala_przyjecia", "data_przyjecia", "zalozyciel", "data_wystapienia",
]  # fmt: skip


def safe_cell(value: Any) -> Any:
    """A cell value a spreadsheet will never run as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _number_order(entry: Entry) -> tuple:
    """Registers list finals by year, issuing body and number, corrections after originals."""
    number = entry_number(entry)
    return (
        number.year or 0 if number else 0,
        entry.body or "",
        number.seq if number else 0,
        entry.doc_id,
        entry.version,
    )


def register_rows(manifest: Manifest, kind: str, columns: Sequence[str]) -> list[list[Any]]:
    entries = sorted(
        (e for e in manifest.files.values() if e.final and e.kind == kind), key=_number_order
    )
    base = {"numer": None, "wersja": None, "zastepuje": None, "plik": None, "sha256": None}
    return [
        [
            (
                base
                | e.meta
                | {
                    "numer": e.number,
                    "wersja": e.version,
                    "zastepuje": e.replaces,
                    "plik": e.path,
                    "sha256": e.sha256,
                }
            ).get(c)
            for c in columns
        ]
        for e in entries
    ]


def member_rows(members: Iterable[Member]) -> list[list[Any]]:
    def row(m: Member) -> list[Any]:
        a = m.address
        return [
            m.id, m.name, m.kind.value, m.unit_type.value if m.unit_type else None, a.street,
            a.postal_code, a.city, a.voivodeship.value, m.nip, m.regon, m.krs, m.register_entry,
            m.register_date, m.founding_institution, m.representative.name, m.admitted_by,
            m.admitted_on, "tak" if m.founding else "nie", m.left_on,
        ]  # fmt: skip

    return [row(m) for m in members]


def xlsx_bytes(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook  # heavy: only when registers are written

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(columns))
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a string is a string, even one openpyxl thinks a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_registers(root: Path, manifest: Manifest, members: Iterable[Member]) -> list[str]:
    """Write every register as XLSX and CSV and list them in ``manifest`` (the caller saves it)."""
    tables = {
        "rejestr-uchwal": (
            RESOLUTION_COLUMNS,
            register_rows(manifest, "uchwala", RESOLUTION_COLUMNS),
        ),
        "rejestr-komunikatow": (
            COMMUNIQUE_COLUMNS,
            register_rows(manifest, "komunikat", COMMUNIQUE_COLUMNS),
        ),
        "czlonkowie": (MEMBER_COLUMNS, member_rows(members)),
    }
    written = []
    for name, (columns, rows) in tables.items():
        for suffix, data in (
            ("xlsx", xlsx_bytes(name, columns, rows)),
            ("csv", csv_bytes(columns, rows)),
        ):
            relpath = f"{REGISTERS}/{name}.{suffix}"
            atomic_write(inside(root, REGISTERS, f"{name}.{suffix}"), data)
            manifest.files[relpath] = Entry(
                path=relpath,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                kind="rejestr",
                final=False,
            )
            written.append(relpath)
    return written
