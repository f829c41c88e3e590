"""approve → finalize → verify, with the real LibreOffice, and finalize killed mid-run."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline import archive, pdfa
from pipeline.approvals import FinalizeOptions, approve, finalize
from pipeline.cli import cli
from pipeline.drafts import planned
from pipeline.errors import ArchiveError, ArchiveProblems
from pipeline.inputs import load_konwent
from pipeline.review import ReviewOptions, review
from tests.conftest import pdf_text
from tests.fixtures import EXAMPLE_INPUTS, ROOT

pytestmark = pytest.mark.slow
# The first resolution's votes, and the same meeting with the abstainer voting for instead.
ONE_ABSTAINER_VOTES_FOR = "      za: 8\n      przeciw: 0\n      wstrzymalo_sie: 1\n"
ONE_MORE_FOR = "      za: 9\n      przeciw: 0\n      wstrzymalo_sie: 0\n"
CHAIR = "Małgorzata Żółkiewska"
MEETING = "2026-06-12-zjazd"
RESOLUTION = f"{MEETING}/uchwala-sprawozdanie"


def _review(inputs: Path, out: Path, arch: Path, with_final: bool = False) -> Path:
    options = ReviewOptions(inputs=inputs, outputs=out, archive=arch, with_final=with_final)
    return review(options).page


def _finalize(inputs: Path, out: Path, arch: Path):
    return finalize(FinalizeOptions(inputs=inputs, outputs=out, archive=arch))


@pytest.fixture(scope="module")
def approved_once(tmp_path_factory) -> Path:
    """The example reviewed as drafts and every draft approved by the chair, once per module:
    a review converts every document, the slowest step of these tests."""
    root = tmp_path_factory.mktemp("approved")
    inputs = Path(shutil.copytree(EXAMPLE_INPUTS, root / "inputs"))
    out, arch = root / "out", root / "archiwum"
    _review(inputs, out, arch)
    approve(out, [], CHAIR, everything=True)
    return root


@pytest.fixture
def approved(approved_once, tmp_path) -> tuple[Path, Path, Path]:
    """A private copy of the approved example (inputs, outputs, archive) for one test to change.
    The state konwent keeps holds no absolute path, so a copy is as good as the original."""
    for name in ("inputs", "out", "archiwum"):
        if (approved_once / name).exists():
            shutil.copytree(approved_once / name, tmp_path / name, dirs_exist_ok=True)
    return tmp_path / "inputs", tmp_path / "out", tmp_path / "archiwum"


def _drafts(out: Path) -> dict:
    return json.loads((out / ".konwent" / "drafts.json").read_text(encoding="utf-8"))


def _finals(arch: Path, kinds: str = "documents") -> dict[str, list[dict]]:
    """The archive's finals by identity: its documents, or (``kinds="packets"``) its packets."""
    files = json.loads((arch / "manifest.json").read_text(encoding="utf-8"))["files"]
    by_doc: dict[str, list[dict]] = {}
    for entry in files.values():
        if entry["final"] and (entry["kind"] == "pakiet") == (kinds == "packets"):
            by_doc.setdefault(entry["doc_id"], []).append(entry)
    return by_doc


def test_approve_finalize_verify_round_trip(approved, runner):
    inputs, out, arch = approved
    result = runner.invoke(
        cli, ["finalize", str(inputs), "--out", str(out), "--archive", str(arch)]
    )
    assert result.exit_code == 0, result.stderr
    finals = _finals(arch)
    documents = len(_drafts(out))
    assert len(finals) == documents >= 5 and all(len(v) == 1 for v in finals.values())
    resolution = finals[RESOLUTION][0]
    assert resolution["number"] == "1/2026"
    assert resolution["path"] == f"2026/{MEETING}/uchwala-1-2026.pdf"
    assert resolution["approved_by"] == CHAIR
    drafts = json.loads((out / ".konwent/drafts.json").read_text(encoding="utf-8"))
    assert resolution["draft_sha256"] == drafts[RESOLUTION]["sha256"]
    assert resolution["inputs_sha256"] == drafts[RESOLUTION]["inputs_sha256"]
    assert resolution["konwent_version"] and resolution["created"] and resolution["size"] > 1000
    text = " ".join(pdf_text(arch / resolution["path"]).split())
    assert "UCHWAŁA NR 1/2026" in text
    assert "PROJEKT" not in text and "…/2026" not in text
    assert finals[f"{MEETING}/uchwala-zmiana-regulaminu"][0]["number"] == "2/2026"
    fields = PdfReader(arch / resolution["path"]).get_fields() or {}
    assert fields and all(name.startswith("podpis_") for name in fields)  # signed-ready
    assert all(field.get("/FT") == "/Sig" and "/V" not in field for field in fields.values())
    for entries in finals.values():  # PDF/A-2b, well formed
        assert pdfa.check(arch / entries[0]["path"]) == [], entries[0]["path"]
    check = runner.invoke(cli, ["archive", "verify", str(arch)])
    assert check.exit_code == 0, check.stderr
    # + the meeting's packet, + 3 registers × (XLSX, CSV)
    assert f"{documents + 1 + 6} files verified" in check.output
    again = runner.invoke(cli, ["finalize", str(inputs), "--out", str(out), "--archive", str(arch)])
    assert again.exit_code == 0 and f"0 finals written, {documents} already final" in again.output


def test_one_flipped_byte_in_a_final_is_caught(approved, runner):
    inputs, out, arch = approved
    _finalize(inputs, out, arch)
    final = arch / "2026" / MEETING / "uchwala-2-2026.pdf"
    final.chmod(0o644)
    data = bytearray(final.read_bytes())
    data[len(data) // 2] ^= 0x01
    final.write_bytes(bytes(data))
    result = runner.invoke(cli, ["archive", "verify", str(arch)])
    assert result.exit_code == 4
    assert result.stderr.strip() == (
        f"konwent: error: {final}: changed: its sha256 differs from the manifest (archive)"
    )


def test_finalize_refuses_after_an_input_changed_and_names_it(approved, runner):
    inputs, out, arch = approved
    meeting = inputs / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace(ONE_ABSTAINER_VOTES_FOR, ONE_MORE_FOR, 1), encoding="utf-8")
    result = runner.invoke(
        cli, ["finalize", str(inputs), "--out", str(out), "--archive", str(arch)]
    )
    assert result.exit_code == 4
    assert (
        f"{meeting}: posiedzenie.uchwaly[1].glosowanie.za: {RESOLUTION}: changed since approved by"
        in (result.stderr)
    )
    assert "(8 → 9)" in result.stderr
    assert not (arch / "manifest.json").exists() and not list(arch.rglob("*.pdf"))


def test_a_protocol_waits_for_the_numbers_of_its_resolutions(example, tmp_path):
    out, arch = tmp_path / "out", tmp_path / "archiwum"
    _review(example, out, arch)
    approve(out, [f"{MEETING}/protokol"], CHAIR)
    with pytest.raises(ArchiveProblems) as caught:
        _finalize(example, out, arch)
    message = "\n".join(caught.value.lines())
    assert f"{MEETING}/protokol: cites documents with no final number yet" in message
    assert RESOLUTION in message and f"{MEETING}/uchwala-zmiana-regulaminu" in message
    cited = message.split("approve them too: ")[1].split(", ")
    approve(out, cited, CHAIR)
    _finalize(example, out, arch)
    protocol = " ".join(pdf_text(arch / "2026" / MEETING / "protokol-1-2026.pdf").split())
    assert "…/2026" not in protocol and "2/2026" in protocol


def test_a_second_finalize_waits_for_the_first(approved):
    inputs, out, arch = approved
    with archive.locked(arch), pytest.raises(ArchiveError, match="another konwent run"):
        _finalize(inputs, out, arch)


def test_a_correction_keeps_the_original_untouched(approved):
    inputs, out, arch = approved
    _finalize(inputs, out, arch)
    original = arch / "2026" / MEETING / "uchwala-1-2026.pdf"
    before = original.read_bytes()
    meeting = inputs / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace(ONE_ABSTAINER_VOTES_FOR, ONE_MORE_FOR, 1), encoding="utf-8")
    _review(inputs, out, arch)
    approve(out, [RESOLUTION], CHAIR)
    result = _finalize(inputs, out, arch)
    assert result.placed == [  # the correction, and the meeting's packet made again with it
        f"2026/{MEETING}/uchwala-1-2026-korekta-1.pdf",
        f"2026/{MEETING}/pakiet-{MEETING}-korekta-1.pdf",
    ]
    assert original.read_bytes() == before
    versions = _finals(arch)[RESOLUTION]
    correction = next(v for v in versions if v["version"] == 1)
    assert correction["replaces"] == f"2026/{MEETING}/uchwala-1-2026.pdf"
    assert correction["number"] == "1/2026"  # the same resolution keeps its number
    assert "za – 9" in pdf_text(arch / correction["path"])
    assert archive.verify(arch).ok


def test_a_correction_says_on_its_first_page_and_in_its_metadata_what_it_replaces(approved):
    inputs, out, arch = approved
    _finalize(inputs, out, arch)
    meeting = inputs / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace(ONE_ABSTAINER_VOTES_FOR, ONE_MORE_FOR, 1), encoding="utf-8")
    _review(inputs, out, arch)
    approve(out, [RESOLUTION], CHAIR)
    _finalize(inputs, out, arch)
    said = "KOREKTA nr 1 — zastępuje uchwałę nr 1/2026 z dnia 12 czerwca 2026 r."
    correction = arch / "2026" / MEETING / "uchwala-1-2026-korekta-1.pdf"
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(correction), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert said in " ".join(first_page.split())
    info = PdfReader(correction).metadata
    assert said in info["/Subject"] and "(KOREKTA nr 1)" in info["/Title"]
    xmp = PdfReader(correction).root_object["/Metadata"].get_object().get_data().decode()
    assert said in xmp
    assert pdfa.check(correction) == []
    original = arch / "2026" / MEETING / "uchwala-1-2026.pdf"
    assert "KOREKTA" not in pdf_text(original)
    assert "KOREKTA" not in (PdfReader(original).metadata["/Subject"] or "")
    rows = (arch / "rejestry/rejestr-uchwal.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + 3 and rows[2].split(";")[-3] == f"2026/{MEETING}/uchwala-1-2026.pdf"


def _run_finalize(inputs: Path, out: Path, arch: Path, kill: tuple[str, str, int] | None):
    """finalize as a real process; ``kill`` (mode, function, call) SIGKILLs it at that moment,
    from outside the product (tests/interrupt.py)."""
    command = ["finalize", str(inputs), "--out", str(out), "--archive", str(arch)]
    prefix = [sys.executable, "-m", "pipeline", "--lang", "en"]
    if kill:
        mode, function, call = kill
        prefix = [sys.executable, "-m", "tests.interrupt", mode, function, str(call), "--",
                  "--lang", "en"]  # fmt: skip
    return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)  # fmt: skip


# Where finalize is killed: right after a step's function returns, or inside the first atomic
# write of a final (its journal entry written, the file not yet renamed into place).
KILL_AT = {
    "checked": ("kill-after", "pipeline.approvals:approved_todo", 1),
    "numbered": ("kill-after", "pipeline.archive:link_archive", 1),
    "produced": ("kill-after", "pipeline.approvals:produce_pdfs", 1),
    "first-journalled": ("kill-after", "pipeline.approvals:Journal.record", 1),
    "first-placed": ("kill-after", "pipeline.approvals:place_final", 1),
    "third-journalled": ("kill-after", "pipeline.approvals:Journal.record", 3),
    "manifest": ("kill-after", "pipeline.archive:save_manifest", 1),
    "registers": ("kill-after", "pipeline.archive:write_registers", 1),
}
KILL_POINTS = {name: [name] for name in KILL_AT} | {
    "twice": ["first-journalled", "third-journalled"]
}


def _assert_left_behind(arch: Path, name: str) -> None:
    """The kill hit where it was meant to: what an interrupted run leaves on disk."""
    parts, pdfs = list(arch.rglob("*.part")), list(arch.rglob("*.pdf"))
    if name == "first-journalled":  # inside the first atomic write: a temporary file only
        assert len(parts) == 1 and not pdfs
    if name == "first-placed":  # first final renamed in, not yet listed
        assert len(pdfs) == 1 and not (arch / "manifest.json").exists()
    if name == "manifest":  # listed, registers not yet written
        assert (arch / "manifest.json").exists() and not (arch / "rejestry").exists()
    if name not in ("checked", "numbered", "produced"):
        assert (arch / ".journal.json").exists()


@pytest.mark.parametrize("points", KILL_POINTS.values(), ids=KILL_POINTS.keys())
def test_finalize_killed_then_rerun_ends_complete(approved, points):
    inputs, out, arch = approved
    for name in points:
        killed = _run_finalize(inputs, out, arch, KILL_AT[name])
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        _assert_left_behind(arch, name)
    done = _run_finalize(inputs, out, arch, None)
    assert done.returncode == 0, done.stderr
    report = archive.verify(arch)
    assert report.ok, report
    assert not list(arch.rglob("*.part")) and not (arch / ".journal.json").exists()
    finals = _finals(arch)
    assert sorted(finals) == sorted(_drafts(out))
    assert all(len(versions) == 1 for versions in finals.values())  # no duplicate
    numbers = sorted(v[0]["number"] for k, v in finals.items() if "/uchwala-" in k)
    assert numbers == ["1/2026", "2/2026"]  # consecutive, none skipped
    assert finals[f"{MEETING}/protokol"][0]["number"] == "1/2026"
    packets = _finals(arch, "packets")  # the meeting's packet, once, made from its finals
    assert [(k, len(v)) for k, v in packets.items()] == [(f"{MEETING}/pakiet", 1)]
    pdfs = sorted(p.relative_to(arch).as_posix() for p in arch.rglob("*.pdf"))
    assert pdfs == sorted(v[0]["path"] for v in (finals | packets).values())
    for pdf in pdfs:
        assert pdf_text(arch / pdf).strip(), pdf  # whole, readable PDFs


def test_finalize_as_a_user_runs_it(approved, tmp_path):
    inputs, out, arch = approved
    shutil.rmtree(arch, ignore_errors=True)
    result = _run_finalize(inputs, out, arch, None)
    assert result.returncode == 0, result.stderr
    assert f"{len(_drafts(out)) + 1} finals written" in result.stdout  # and the meeting's packet


COMMUNIQUE = f"{MEETING}/komunikat-1"
COMMUNIQUE_TEXT = "oraz uproszczenie sprawozdawczości."
COMMUNIQUE_EDITED = "oraz uproszczenie sprawozdawczości i kontroli."


def _edit_meeting(inputs: Path, old: str, new: str) -> Path:
    meeting = inputs / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    meeting.write_text(text.replace(old, new), encoding="utf-8")
    return meeting


def _refused(stderr: str) -> set[str]:
    """The documents a refused finalize names as changed since their approval."""
    return set(re.findall(r": (\S+): changed since approved by", stderr))


def _approvals(out: Path) -> list[dict]:
    return json.loads((out / ".konwent" / "approvals.json").read_text(encoding="utf-8"))


def test_a_communique_text_change_leaves_the_other_approvals_valid(approved, runner):
    inputs, out, arch = approved
    before = _drafts(out)
    meeting = _edit_meeting(inputs, COMMUNIQUE_TEXT, COMMUNIQUE_EDITED)
    args = ["finalize", str(inputs), "--out", str(out), "--archive", str(arch)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 4
    assert _refused(result.stderr) == {COMMUNIQUE}  # the minutes print its title, not its text
    assert (
        f"{meeting}: posiedzenie.komunikaty[1].tresc[2]: {COMMUNIQUE}: changed since approved by "
        f"{CHAIR}" in result.stderr
    )
    assert "i kontroli." in result.stderr and len(result.stderr.splitlines()) == 1
    _review(inputs, out, arch)
    approve(out, [COMMUNIQUE], CHAIR)  # the chair approves the one changed draft, nothing else
    assert len(_approvals(out)) == len(before) + 1
    done = runner.invoke(cli, args)
    assert done.exit_code == 0, done.stderr
    finals = _finals(arch)
    assert sorted(finals) == sorted(before)
    for key, versions in finals.items():  # each made from the data its approval saw
        assert versions[0]["inputs_sha256"] == _drafts(out)[key]["inputs_sha256"]
        if key != COMMUNIQUE:
            assert versions[0]["inputs_sha256"] == before[key]["inputs_sha256"], key
    communique = " ".join(pdf_text(arch / finals[COMMUNIQUE][0]["path"]).split())
    assert "sprawozdawczości i kontroli." in communique


def test_a_change_the_notice_prints_refuses_the_notice(approved, runner):
    inputs, out, arch = approved
    meeting = _edit_meeting(inputs, 'godzina: "10:00"', 'godzina: "11:30"')
    result = runner.invoke(
        cli, ["finalize", str(inputs), "--out", str(out), "--archive", str(arch)]
    )
    assert result.exit_code == 4
    assert _refused(result.stderr) == {f"{MEETING}/zawiadomienie", f"{MEETING}/protokol"}
    assert (
        f"{meeting}: posiedzenie.godzina: {MEETING}/zawiadomienie: changed since approved by "
        f"{CHAIR} ('10:00' → '11:30')" in result.stderr
    )
    assert not (arch / "manifest.json").exists()


def _format_1_snapshot(konwent, doc) -> dict:
    """A document's snapshot as konwent wrote it before snapshots were per document: its
    organisation, input file and members present whole, a resolution's own under "uchwala"."""

    def dump(value):
        return value.model_dump(by_alias=True, mode="json", exclude_none=True)

    data = {"konwent": dump(konwent.organisation)}
    sources = {"deklaracja": konwent.declarations, "posiedzenie": konwent.meetings,
               "zawiadomienie": konwent.notices, "komunikat": konwent.communiques}  # fmt: skip
    for name, items in sources.items():
        for item in items:
            if item.source == doc.source:
                data[name] = dump(item.doc)
                if name == "posiedzenie":
                    present = {a.member_id for a in item.doc.attendance}
                    members = konwent.members.members
                    data["czlonkowie"] = {m.id: dump(m) for m in members if m.id in present}
    if doc.kind == "uchwala":
        data["posiedzenie"].pop("uchwaly")
        data["uchwala"] = dump(doc.context["resolution"])
    return data


def _format_1_hashes(inputs: Path) -> dict[str, tuple[str, dict]]:
    konwent = load_konwent(inputs)
    docs = planned(konwent)
    return {
        key: (archive.sha256_json(snapshot), snapshot)
        for key, doc in docs.items()
        for snapshot in [_format_1_snapshot(konwent, doc)]
    }


def test_approvals_recorded_in_the_earlier_format_still_count(example, tmp_path, runner):
    out, arch = tmp_path / "out", tmp_path / "archiwum"
    _review(example, out, arch)
    approve(out, [], CHAIR, everything=True)
    old = _format_1_hashes(example)
    journal = _approvals(out)
    for approval in journal:  # as the earlier version wrote them: no snapshot_format
        del approval["snapshot_format"]
        approval["inputs_sha256"], approval["snapshot"] = old[approval["doc_id"]]
    (out / ".konwent" / "approvals.json").write_text(json.dumps(journal), encoding="utf-8")
    drafts = _drafts(out)
    for draft in drafts.values():  # and the drafts' state too
        del draft["snapshot_format"]
        draft["inputs_sha256"], draft["snapshot"] = old[draft["doc_id"]]
    (out / ".konwent" / "drafts.json").write_text(json.dumps(drafts), encoding="utf-8")
    meeting = _edit_meeting(example, COMMUNIQUE_TEXT, COMMUNIQUE_EDITED)
    args = ["finalize", str(example), "--out", str(out), "--archive", str(arch)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 4
    assert _refused(result.stderr) == {COMMUNIQUE}
    assert f"{meeting}: posiedzenie.komunikaty[1].tresc[2]: {COMMUNIQUE}" in result.stderr
    page = _review(example, out, arch).read_text(encoding="utf-8")
    notice = page.split(f'id="{MEETING}/zawiadomienie"')[1].split("</article>")[0]
    assert "state-approved" in notice and "no changes" in notice
    communique = page.split(f'id="{COMMUNIQUE}"')[1].split("</article>")[0]
    assert "state-changed" in communique  # approved, then edited
    assert re.findall(r"<td><code>(.*?)</code>", communique) == [
        "posiedzenie.komunikaty[1].tresc[2]"
    ]
    approve(out, [COMMUNIQUE], CHAIR)
    assert runner.invoke(cli, args).exit_code == 0
    for key, versions in _finals(arch).items():  # recorded in today's format
        assert versions[0]["inputs_sha256"] == _drafts(out)[key]["inputs_sha256"], key


def test_an_unreadable_approval_format_asks_for_a_new_approval(approved, runner):
    inputs, out, arch = approved
    journal = _approvals(out)
    journal[0]["snapshot_format"] = 99
    (out / ".konwent" / "approvals.json").write_text(json.dumps(journal), encoding="utf-8")
    result = runner.invoke(
        cli, ["finalize", str(inputs), "--out", str(out), "--archive", str(arch)]
    )
    assert result.exit_code == 4 and "Traceback" not in result.stderr
    assert (
        f"{journal[0]['doc_id']}: approved by {CHAIR} with another version of konwent "
        "(snapshot format 99); review it and approve it again" in result.stderr
    )


def test_finals_made_before_per_document_snapshots_are_not_made_again(approved, runner):
    inputs, out, arch = approved
    _finalize(inputs, out, arch)
    old = _format_1_hashes(inputs)
    manifest = json.loads((arch / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"].values():  # the hashes the earlier version recorded
        if entry["final"] and entry["kind"] != "pakiet":
            entry["inputs_sha256"] = old[entry["doc_id"]][0]
    (arch / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    page = _review(inputs, out, arch, with_final=True).read_text(encoding="utf-8")
    assert page.count("state state-final") == len(_drafts(out))
    approve(out, [], CHAIR, everything=True)
    result = runner.invoke(
        cli, ["finalize", str(inputs), "--out", str(out), "--archive", str(arch)]
    )
    assert result.exit_code == 0, result.stderr
    assert f"0 finals written, {len(_drafts(out))} already final" in result.output
