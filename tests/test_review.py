"""Drafts for the chair and the review page, read back from real PDFs and a real Chromium."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from pipeline import batch, pdfa
from pipeline.approvals import FinalizeOptions, approve, finalize
from pipeline.cli import cli
from pipeline.documents import plan
from pipeline.drafts import DraftRecord
from pipeline.errors import Problem, Severity
from pipeline.inputs import load_konwent
from pipeline.review import ReviewOptions, render_page, review
from tests.browser import open_page
from tests.conftest import pdf_text
from tests.fixtures import EXAMPLE_INPUTS, ROOT

pytestmark = pytest.mark.slow
# The first resolution's votes, and the same meeting with the abstainer voting for instead.
ONE_ABSTAINER_VOTES_FOR = "      za: 8\n      przeciw: 0\n      wstrzymalo_sie: 1\n"
ONE_MORE_FOR = "      za: 9\n      przeciw: 0\n      wstrzymalo_sie: 0\n"
MEETING = "2026-06-12-zjazd"
RESOLUTION = f"{MEETING}/uchwala-sprawozdanie"
IMAGES = "JSON.stringify([...document.images].map(i => [i.complete, i.naturalWidth]))"


@pytest.fixture(scope="session")
def reviewed(tmp_path_factory) -> Path:
    """The bundled example as drafts with its review page, built once."""
    out = tmp_path_factory.mktemp("review")
    review(ReviewOptions(inputs=EXAMPLE_INPUTS, outputs=out, archive=out / "archiwum"))
    return out


def _drafts(out: Path) -> dict:
    return json.loads((out / ".konwent" / "drafts.json").read_text(encoding="utf-8"))


def _page_texts(pdf: Path) -> list[str]:
    pages = len(PdfReader(pdf).pages)
    return [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                       capture_output=True, text=True, check=True).stdout
        for n in range(1, pages + 1)
    ]  # fmt: skip


def _grey_share(pdf: Path, page: int) -> float:
    png = subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", str(page), "-l", str(page),
                          str(pdf)], capture_output=True, check=True).stdout  # fmt: skip
    return _share(
        Image.open(io.BytesIO(png)), lambda r, g, b: 195 <= min(r, g, b) <= max(r, g, b) <= 225
    )


def _share(image: Image.Image, test) -> float:
    data = image.convert("RGB").tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    return sum(1 for r, g, b in pixels if test(r, g, b)) / len(pixels)


def test_every_draft_page_is_stamped_projekt_with_an_embedded_font(reviewed):
    drafts = _drafts(reviewed)
    assert len(drafts) == len(plan(load_konwent(EXAMPLE_INPUTS))) >= 5
    for record in drafts.values():
        pdf = reviewed / record["file"]
        assert pdf.name.endswith("-projekt.pdf")
        reader = PdfReader(pdf)
        assert all("PROJEKT" in page.extract_text() for page in reader.pages), pdf
        for number in range(1, len(reader.pages) + 1):  # and visibly so: the light grey mark
            assert _grey_share(pdf, number) > 0.01, (pdf, number)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert any("LiberationSerif" in r for r in rows) and all(
            r.split()[-5] == "yes" for r in rows
        )
        assert pdfa.check(pdf) == [], pdf


def test_drafts_have_no_signature_fields_and_show_the_number_they_will_get(reviewed):
    for record in _drafts(reviewed).values():
        reader = PdfReader(reviewed / record["file"])
        assert "/AcroForm" not in reader.trailer["/Root"]
        assert all("/Annots" not in page for page in reader.pages)
    text = " ".join("".join(_page_texts(reviewed / _drafts(reviewed)[RESOLUTION]["file"])).split())
    assert "UCHWAŁA NR 1/2026" in text and "…/" not in text


def test_review_page_opens_from_disk_with_every_thumbnail(reviewed, tmp_path):
    drafts = _drafts(reviewed)
    pages = sum(len(PdfReader(reviewed / r["file"]).pages) for r in drafts.values())
    html = (reviewed / "przeglad.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # no network
    report = open_page((reviewed / "przeglad.html").as_uri(), IMAGES)
    images = json.loads(report.value)
    assert len(images) == pages >= 6
    assert all(complete and width > 0 for complete, width in images), images
    assert report.console_errors == []
    shot = tmp_path / "przeglad-laptop.png"
    shot.write_bytes(report.screenshot)
    image = Image.open(io.BytesIO(report.screenshot)).convert("RGB")
    assert image.size == (1280, 900)
    assert _share(image, lambda r, g, b: r > 240 and g > 240 and b > 240) > 0.3  # the cards
    assert _share(image, lambda r, g, b: r < 100 and g < 100 and b < 100) > 0.002  # the text


def test_review_page_fits_a_phone_screen(reviewed, tmp_path):
    report = open_page(
        (reviewed / "przeglad.html").as_uri(),
        "[document.documentElement.scrollWidth, document.images[0].getBoundingClientRect().width]",
        width=390,
        height=844,
    )
    scroll_width, thumb_width = report.value
    assert scroll_width <= 390  # nothing forces sideways scrolling
    assert thumb_width > 100
    assert report.console_errors == []
    (tmp_path / "przeglad-telefon.png").write_bytes(report.screenshot)


def _record(title: str) -> DraftRecord:
    return DraftRecord(
        doc_id="z/uchwala-x", kind="uchwala", title=title, source="inputs/z.yaml",
        file="projekty/z/uchwala-x-projekt.pdf", sha256="a" * 64, inputs_sha256="b" * 64,
        template_sha256="c" * 64, snapshot={"posiedzenie.uchwaly[1]": {"w_sprawie": "<b>nowe</b>"}},
        previous_snapshot={"posiedzenie.uchwaly[1]": {"w_sprawie": "stare"}},
    )  # fmt: skip


def test_review_page_escapes_every_value_and_shows_findings_and_changes():
    finding = Problem("inputs/z.yaml", "uchwaly[1].glosowanie.za", "<img src=x onerror=alert(1)>",
                      severity=Severity.WARNING, rule="Art. 3 ust. 6")  # fmt: skip
    html = render_page("Konwent <script>alert(1)</script>", [_record("<script>x</script>")],
                       {"z/uchwala-x": "approved"}, [finding])  # fmt: skip
    assert "<script>" not in html and "<img src=x" not in html and "<b>nowe</b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "(Art. 3 ust. 6)" in html
    assert "posiedzenie.uchwaly[1].w_sprawie" in html and "&lt;b&gt;nowe&lt;/b&gt;" in html
    assert "stare" in html
    assert 'class="state state-approved"' in html


def test_review_shows_field_changes_since_the_previous_draft_and_states(example, tmp_path):
    out, arch = tmp_path / "out", tmp_path / "archiwum"
    review(ReviewOptions(inputs=example, outputs=out, archive=arch))
    approve(out, [f"{MEETING}/uchwala-zmiana-regulaminu"], "Małgorzata Żółkiewska")
    finalize(FinalizeOptions(inputs=example, outputs=out, archive=arch))
    approve(out, ["deklaracje/deklaracja-kis-leczna"], "Małgorzata Żółkiewska")
    meeting = example / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace(ONE_ABSTAINER_VOTES_FOR, ONE_MORE_FOR, 1), encoding="utf-8")
    review(ReviewOptions(inputs=example, outputs=out, archive=arch))
    page = review(ReviewOptions(inputs=example, outputs=out, archive=arch))  # data unchanged
    html = page.read_text(encoding="utf-8")
    section = html.split(f'id="{RESOLUTION}"')[1].split("</section>")[0]
    assert "<code>posiedzenie.uchwaly[1].glosowanie.za</code>" in section
    assert '<td class="old">8</td><td class="new">9</td>' in section
    sibling = html.split(f'id="{MEETING}/uchwala-zmiana-regulaminu"')[1].split("</section>")[0]
    assert "no changes" in sibling and "state-final" in sibling
    declaration = html.split('id="deklaracje/deklaracja-kis-leczna"')[1].split("</section>")[0]
    assert "state-approved" in declaration
    assert "state-draft" in section


def test_approve_names_unknown_drafts_and_requires_an_approver(reviewed, runner, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reviewed, out)
    result = runner.invoke(cli, ["approve", "nie/ma", "--out", str(out), "--by", "Anna"])
    assert result.exit_code == 4
    assert "unknown drafts: nie/ma" in result.stderr and RESOLUTION in result.stderr
    missing_by = runner.invoke(cli, ["approve", RESOLUTION, "--out", str(out)])
    assert missing_by.exit_code == 2 and "--by" in missing_by.stderr
    ok = runner.invoke(cli, ["approve", RESOLUTION, "--out", str(out), "--by", "Anna Łęczyńska"])
    assert ok.exit_code == 0, ok.stderr
    approvals = json.loads((out / ".konwent" / "approvals.json").read_text(encoding="utf-8"))
    assert [(a["doc_id"], a["by"]) for a in approvals] == [(RESOLUTION, "Anna Łęczyńska")]
    assert approvals[0]["draft_sha256"] == _drafts(out)[RESOLUTION]["sha256"]


EARLIER_MEETING = """\
rodzaj: zjazd
data: 2024-06-14
godzina: "10:00"
godzina_zamkniecia: "12:00"
miejscowosc: Lublin
miejsce: Sala konferencyjna
prowadzacy: Małgorzata Żółkiewska
protokolant: Anna Łęczyńska
obecni:
  - czlonek: CIS-CHELM
  - czlonek: CIS-LUBLIN
porzadek_obrad:
  - punkt: Otwarcie Zjazdu
    przebieg: Zjazd otwarto.
"""
WARNINGS = """JSON.stringify(Object.fromEntries([...document.querySelectorAll("section.doc")].map(
  s => [s.id, [...s.querySelectorAll("li.warning")].map(li => li.textContent)])))"""


def test_review_shows_each_rule_warning_on_the_documents_it_is_about(example, tmp_path):
    meeting = example / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    text = text.replace("      za: 8\n      przeciw: 0\n", "      za: 1\n      przeciw: 7\n", 1)
    meeting.write_text(text, encoding="utf-8")  # the first resolution is rejected: a warning
    # a meeting in 2024 and none in 2025: a warning about the 2026 meeting as a whole ("data")
    (example / "posiedzenia" / "2024-06-14-zjazd.yaml").write_text(EARLIER_MEETING, "utf-8")
    page = review(ReviewOptions(inputs=example, outputs=tmp_path / "out"))
    report = open_page(page.as_uri(), WARNINGS)
    assert report.console_errors == []
    shown = json.loads(report.value)
    rejected = {k for k, items in shown.items() if any("uchwaly[1].glosowanie" in i for i in items)}
    # a rejected resolution makes no uchwała: the minutes record it, and carry the warning
    assert rejected == {f"{MEETING}/protokol"}  # not the other resolution, not the aneks
    yearly = {k for k, items in shown.items() if any("in 2025" in i for i in items)}
    assert yearly == {k for k in shown if k.startswith(f"{MEETING}/")}
    # the meeting's 7 documents less the rejected uchwała, which makes no document
    assert len(yearly) == 6 and all("(Art. 3 ust." in i for v in shown.values() for i in v)
    assert not any(shown[k] for k in shown if not k.startswith(f"{MEETING}/"))


def test_approving_a_draft_that_was_changed_or_removed_is_refused(reviewed, runner, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reviewed, out)
    draft = out / _drafts(out)[RESOLUTION]["file"]
    draft.write_bytes(draft.read_bytes() + b"%")
    result = runner.invoke(cli, ["approve", RESOLUTION, "--out", str(out), "--by", "Anna"])
    assert result.exit_code == 4 and "draft file changed since it was built" in result.stderr
    draft.unlink()
    result = runner.invoke(cli, ["approve", RESOLUTION, "--out", str(out), "--by", "Anna"])
    assert result.exit_code == 4 and "Traceback" not in result.stderr
    assert not (out / ".konwent" / "approvals.json").exists()


def test_approvals_made_at_the_same_moment_are_all_recorded(reviewed, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reviewed, out)
    wanted = list(_drafts(out))[:4]
    # each run waits between reading the journal and writing it back, so without a lock every
    # run would read the same journal and only the last writer's approval would survive
    pause = ["-m", "tests.interrupt", "pause-after", "pipeline.approvals:load_approvals", "1", "--"]
    runs = [
        subprocess.Popen([sys.executable, *pause, "--lang", "en", "approve", doc_id,
                          "--out", str(out), "--by", f"Osoba {n}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        for n, doc_id in enumerate(wanted)
    ]  # fmt: skip
    results = [(run.communicate(timeout=120), run.returncode) for run in runs]
    assert all(code == 0 for _output, code in results), results
    approvals = json.loads((out / ".konwent" / "approvals.json").read_text(encoding="utf-8"))
    recorded = sorted((a["doc_id"], a["by"]) for a in approvals)
    assert recorded == sorted((doc_id, f"Osoba {n}") for n, doc_id in enumerate(wanted))


def test_a_batch_is_reviewed_and_finalized_through_the_joined_path(tmp_path, monkeypatch):
    """Twelve declarations: drafts and finals are cut from joined conversions, each its own
    one-page document with its own member, mark or fields, and well formed."""
    from benchmarks.generate import generate

    joins = []
    join_all = batch._join_all
    monkeypatch.setattr(
        batch,
        "_join_all",
        lambda chunks, targets: joins.extend(map(len, chunks)) or join_all(chunks, targets),
    )
    inputs = generate(12, tmp_path / "inputs")
    out, arch = tmp_path / "out", tmp_path / "archiwum"
    review(ReviewOptions(inputs=inputs, outputs=out, archive=arch))
    drafts = _drafts(out)
    assert len(drafts) == 12 and sum(joins) == 12
    for record in drafts.values():
        pdf = out / record["file"]
        number = int(record["doc_id"].rsplit("b", 1)[1])
        text = " ".join(pdf_text(pdf).split())
        assert f"Centrum Integracji Społecznej nr {number} w" in text, pdf
        pages = PdfReader(pdf).pages
        assert len(pages) == 1 and "PROJEKT" in pages[0].extract_text(), pdf
        assert pdfa.check(pdf) == [], pdf
    approve(out, [], "Małgorzata Żółkiewska", everything=True)
    finalize(FinalizeOptions(inputs=inputs, outputs=out, archive=arch))
    assert sum(joins) == 24
    finals = sorted(arch.rglob("deklaracja-*.pdf"))
    assert len(finals) == 12
    for pdf in finals:
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1 and set(reader.get_fields() or {}) == {"podpis_kierownik"}
        assert "PROJEKT" not in reader.pages[0].extract_text(), pdf
        assert pdfa.check(pdf) == [], pdf
