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
from pipeline.review.layout import (
    DocumentView,
    GroupView,
    State,
    data_changes,
    summary,
    text_change,
)
from pipeline.review.redline import Redline, redline
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
WARNINGS = """JSON.stringify(Object.fromEntries([...document.querySelectorAll("article.doc")].map(
  s => [s.id, [...s.querySelectorAll("li.warning")].map(li => li.textContent)])))"""


def test_review_shows_each_rule_warning_on_the_documents_it_is_about(example, tmp_path):
    meeting = example / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    text = text.replace("      za: 8\n      przeciw: 0\n", "      za: 1\n      przeciw: 7\n", 1)
    meeting.write_text(text, encoding="utf-8")  # the first resolution is rejected: a warning
    # a meeting in 2024 and none in 2025: a warning about the 2026 meeting as a whole ("data")
    (example / "posiedzenia" / "2024-06-14-zjazd.yaml").write_text(EARLIER_MEETING, "utf-8")
    page = review(ReviewOptions(inputs=example, outputs=tmp_path / "out")).page
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
    notes = _articles(page.read_text(encoding="utf-8"))  # the minutes say it was voted down
    assert [k for k, html in notes.items() if "was NOT adopted" in html] == [f"{MEETING}/protokol"]


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


# --- the review file as the chair receives it ------------------------------------------------

LOOK = """(() => {
  const pages = [...document.querySelectorAll("button.page")];
  const out = {
    groups: [...document.querySelectorAll("section.group > h2")].map(h => h.textContent.trim()),
    counts: Object.fromEntries([...document.querySelectorAll("[data-count]")].map(
      n => [n.dataset.count, Number(n.textContent)])),
    images: [...document.images].map(i => [i.complete, i.naturalWidth, i.alt.length]),
    scroll: document.documentElement.scrollWidth,
    thumb: document.images[0].getBoundingClientRect().width,
  };
  pages[0].focus();
  document.dispatchEvent(new KeyboardEvent("keydown", {key: "j", bubbles: true}));
  out.afterJ = pages.indexOf(document.activeElement);
  document.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}));
  out.afterRight = pages.indexOf(document.activeElement);
  document.dispatchEvent(new KeyboardEvent("keydown", {key: "n", bubbles: true}));
  out.afterN = document.activeElement.closest("article").id;
  pages[1].click();
  out.wide = pages[1].querySelector("img").getBoundingClientRect().width;
  out.wideScroll = document.documentElement.scrollWidth;
  return JSON.stringify(out);
})()"""


@pytest.fixture(scope="module")
def alone(reviewed, tmp_path_factory) -> Path:
    """The review file copied into a folder where nothing else exists."""
    folder = tmp_path_factory.mktemp("sent-by-mail")
    shutil.copy(reviewed / "przeglad.html", folder / "przeglad.html")
    return folder / "przeglad.html"


def _look(page: Path, width: int, height: int, shots: Path) -> dict:
    report = open_page(page.as_uri(), LOOK, width=width, height=height)
    assert report.console_errors == []
    assert [u for u in report.requests if not u.startswith("data:") and u != page.as_uri()] == []
    (shots / f"przeglad-{width}.png").write_bytes(report.screenshot)
    return json.loads(report.value)


def test_the_review_file_travels_alone_and_reads_at_laptop_width(reviewed, alone, tmp_path):
    html = alone.read_text(encoding="utf-8")
    assert alone.stat().st_size < 5_000_000
    assert "http://" not in html and "https://" not in html and 'src="data:image/png' in html
    seen = _look(alone, 1280, 900, tmp_path)
    drafts = _drafts(reviewed)
    pages = sum(len(PdfReader(reviewed / r["file"]).pages) for r in drafts.values())
    assert seen["groups"] == ["Zjazd, 12 czerwca 2026 r., Lublin, Sala konferencyjna Regionalnego "
                              "Ośrodka Polityki Społecznej w Lublinie, ul. Diamentowa 2",
                              "Posiedzenie Rady, 20 października 2026 r., Centrum Integracji "
                              "Społecznej w Chełmie, ul. Ceramiczna 1",
                              "Membership declarations", "Documents on their own"]  # fmt: skip
    assert seen["counts"] == {"documents": len(drafts), "attention": 0, "approved": 0, "final": 0}
    assert len(seen["images"]) == pages >= 12
    assert all(done and width >= 1000 and alt > 100 for done, width, alt in seen["images"])
    assert (seen["afterJ"], seen["afterRight"]) == (1, 2)  # keys move between pages
    assert seen["afterN"] != "" and seen["wide"] >= 1000  # a click: the page at full width
    assert seen["scroll"] <= 1280


def test_the_review_file_fits_a_phone(alone, tmp_path):
    seen = _look(alone, 390, 844, tmp_path)
    assert seen["scroll"] <= 390 and seen["thumb"] > 300
    assert seen["wide"] >= 1000 and seen["wideScroll"] <= 390  # the page scrolls, not the file


def _articles(html: str) -> dict[str, str]:
    """Each document's part of the review file, by its id."""
    parts = html.split('<article class="doc')[1:]
    return {p.split('id="', 1)[1].split('"', 1)[0]: p.split("</article>")[0] for p in parts}


def _review_cli(runner, inputs: Path, out: Path, *extra: str) -> tuple[str, str]:
    result = runner.invoke(cli, ["--lang", "en", "review", str(inputs), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.stdout.split("review ", 1)[1].split(":", 1)[0], result.stdout


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory):
    """One example through review → approve --review → a changed vote → review → finalize."""
    from click.testing import CliRunner

    runner, root = CliRunner(), tmp_path_factory.mktemp("lifecycle")
    inputs, out, arch = root / "inputs", root / "out", root / "archiwum"
    shutil.copytree(EXAMPLE_INPUTS, inputs)
    first, _text = _review_cli(runner, inputs, out)
    first_html = (out / "przeglad.html").read_text(encoding="utf-8")
    approve_first = ["--lang", "en", "approve", "--review", first, "--out", str(out),
                     "--by", "Anna"]  # fmt: skip
    approved = runner.invoke(cli, approve_first)
    meeting = inputs / "posiedzenia" / f"{MEETING}.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace(ONE_ABSTAINER_VOTES_FOR, ONE_MORE_FOR, 1), encoding="utf-8")
    second, second_out = _review_cli(runner, inputs, out)
    second_html = (out / "przeglad.html").read_text(encoding="utf-8")
    stale = runner.invoke(cli, approve_first)
    return locals()


def test_the_first_review_says_new_document_and_approve_review_takes_exactly_its_drafts(
    lifecycle,
):
    articles = _articles(lifecycle["first_html"])
    assert len(articles) == 11 and all("new document" in a for a in articles.values())
    assert lifecycle["approved"].exit_code == 0, lifecycle["approved"].output
    approvals = json.loads((lifecycle["out"] / ".konwent" / "approvals.json").read_text("utf-8"))
    assert sorted(a["doc_id"] for a in approvals[:11]) == sorted(articles)


def test_a_changed_vote_is_a_redline_on_its_resolution_and_the_minutes_only(lifecycle):
    articles = _articles(lifecycle["second_html"])
    changed = {k for k, a in articles.items() if "<ins>" in a or "<del>" in a}
    assert changed == {RESOLUTION, f"{MEETING}/protokol"}
    resolution = articles[RESOLUTION]
    assert "<del>8" in resolution and "<ins>9" in resolution
    assert "Since the approved version" in resolution
    assert 'class="changed-pages">1<' in resolution
    assert "state-changed" in resolution and " attention" in lifecycle["second_html"].split(
        f'id="{RESOLUTION}"')[0][-40:]  # fmt: skip
    assert "2 need attention" in lifecycle["second_out"]
    unchanged = [articles[k] for k in articles if k not in changed]
    assert all("no changes since the approved version" in a for a in unchanged)


def test_approve_review_refuses_drafts_rebuilt_after_the_file_was_written(lifecycle):
    stale = lifecycle["stale"]
    assert stale.exit_code == 4
    assert "rebuilt since it was written" in stale.stderr
    named = stale.stderr.split("review them again:", 1)[1].strip().split(", ")
    # the others were built again from the same inputs, to the same text: what the chair saw
    assert sorted(named) == [f"{MEETING}/protokol", RESOLUTION]
    approvals = json.loads((lifecycle["out"] / ".konwent" / "approvals.json").read_text("utf-8"))
    assert len(approvals) == 11  # the first approval only: nothing of the refused one


def test_states_follow_the_archive_after_approve_and_finalize(lifecycle, runner):
    out, inputs, arch = lifecycle["out"], lifecycle["inputs"], lifecycle["arch"]
    second = lifecycle["second"]
    assert runner.invoke(cli, ["approve", "--review", second, "--out", str(out),
                               "--by", "Anna"]).exit_code == 0  # fmt: skip
    done = runner.invoke(cli, ["finalize", str(inputs), "--out", str(out), "--archive", str(arch)])
    assert done.exit_code == 0, done.output
    _review_id, text = _review_cli(runner, inputs, out)  # the linked archive, no option
    assert "0 documents" in text and "(11 final documents left out)" in text
    result = subprocess.run([sys.executable, "-m", "pipeline", "--lang", "en", "review",
                             str(inputs), "--out", str(out), "--with-final"],
                            capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "11 documents, 0 need attention, 0 approved, 11 final" in result.stdout
    articles = _articles((out / "przeglad.html").read_text(encoding="utf-8"))
    resolution = articles[RESOLUTION]
    assert "state-final" in resolution and "1/2026" in resolution
    assert str(arch.resolve()) in resolution or str(arch) in resolution
    assert all("state-final" in a for a in articles.values())


def _view(title: str) -> DocumentView:
    record = DraftRecord(
        doc_id="z/uchwala-x", kind="uchwala", title=title, source="inputs/z.yaml",
        file="projekty/z/uchwala-x-projekt.pdf", sha256="a" * 64, inputs_sha256="b" * 64,
        template_sha256="c" * 64, snapshot={"posiedzenie.uchwaly[1]": {"w_sprawie": "<b>nowe</b>"}},
        previous_snapshot={"posiedzenie.uchwaly[1]": {"w_sprawie": "stare"}},
        texts=["Uchwała <b>nowe</b>", "strona druga"], previous_texts=["Uchwała stare", "strona"],
    )  # fmt: skip
    finding = Problem("inputs/z.yaml", "uchwaly[1].glosowanie.za", "<img src=x onerror=alert(1)>",
                      severity=Severity.WARNING, rule="Art. 3 ust. 6")  # fmt: skip
    since, change = text_change(record, None)
    return DocumentView(record, State("approved", by="<i>Anna</i>", at="2026-06-01"), [finding],
                        data_changes(record), since, change, [])  # fmt: skip


def test_review_file_escapes_every_value_and_shows_findings_and_the_redline():
    view = _view("<script>x</script>")
    html = render_page("Konwent <script>alert(1)</script>", "20261201-000000-abcd",
                       [GroupView("grupa-z", "Zjazd <u>x</u>", [view])],
                       summary([view], 0), [])  # fmt: skip
    assert "<script>x" not in html and "<img src=x" not in html and "<b>nowe</b>" not in html
    assert "<i>Anna" not in html and "<u>x" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "(Art. 3 ust. 6)" in html
    assert "posiedzenie.uchwaly[1].w_sprawie" in html and "&lt;b&gt;nowe&lt;/b&gt;" in html
    assert "<del>stare</del>" in html and "<ins>&lt;b&gt;nowe&lt;/b&gt;</ins>" in html
    assert 'class="changed-pages">1, 2<' in html  # both pages' texts changed
    assert 'class="state state-approved"' in html and 'data-count="attention">1<' in html


def test_a_redline_keeps_a_few_words_around_each_change_and_names_its_page():
    before = [" ".join(f"w{i}" for i in range(40)), "druga strona bez zmian"]
    after = [before[0].replace("w20", "W20"), before[1] + " dopisek"]
    line = redline(before, after)
    assert (line.added, line.removed, line.pages) == (2, 1, [1, 2])
    kinds = [p.kind for p in line.pieces]
    assert kinds[0] == "gap" and "removed" in kinds and "added" in kinds
    assert redline(after, after) == Redline() and not Redline().changed


def test_only_limits_the_file_to_one_group_and_names_an_unknown_one(reviewed, runner, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reviewed, out)
    review_id, text = _review_cli(runner, EXAMPLE_INPUTS, out, "--only", "deklaracje")
    assert "2 documents, 0 need attention" in text
    articles = _articles((out / "przeglad.html").read_text(encoding="utf-8"))
    assert sorted(articles) == ["deklaracje/deklaracja-cis-bilgoraj",
                                "deklaracje/deklaracja-kis-leczna"]  # fmt: skip
    shown = json.loads((out / ".konwent" / "przeglady" / f"{review_id}.json").read_text("utf-8"))
    assert sorted(shown["drafts"]) == sorted(articles)
    assert len(_drafts(out)) == 11  # the other drafts are kept
    wrong = runner.invoke(cli, ["review", str(EXAMPLE_INPUTS), "--out", str(out), "--only", "x"])
    assert wrong.exit_code == 2 and "--only x" in wrong.stderr and MEETING in wrong.stderr


PRINT_ONE = """(() => {
  const doc = document.getElementById("%s");
  document.body.classList.add("printing");
  doc.classList.add("print-me");
  const shown = (e) => e.getClientRects().length > 0;
  return JSON.stringify({
    figures: [...document.querySelectorAll("figure.page")].filter(shown).length,
    own: [...doc.querySelectorAll("figure.page")].length,
    header: shown(document.querySelector("header.top")),
    redline: shown(doc.querySelector(".changes")),
  });
})()"""


def test_printing_a_document_prints_its_pages_only(alone, reviewed):
    report = open_page(alone.as_uri(), PRINT_ONE % f"{MEETING}/protokol", media="print")
    printed = json.loads(report.value)
    pages = len(PdfReader(reviewed / _drafts(reviewed)[f"{MEETING}/protokol"]["file"]).pages)
    assert printed == {"figures": pages, "own": pages, "header": False, "redline": False}


@pytest.mark.parametrize(
    ("count", "documents", "approved"),
    [
        (1, "dokument w tym pliku", "zatwierdzony"),
        (2, "dokumenty w tym pliku", "zatwierdzone"),
        (11, "dokumentów w tym pliku", "zatwierdzonych"),
        (22, "dokumenty w tym pliku", "zatwierdzone"),
    ],
)
def test_summary_counts_take_the_polish_plural_form_of_their_number(count, documents, approved):
    from types import SimpleNamespace

    from pipeline.i18n import activate
    from pipeline.review.page import count_labels

    docs = [object()] * count
    summary = SimpleNamespace(documents=docs, attention=[], approved=docs, final=[])
    activate("pl")
    labels = count_labels(summary)
    assert labels["documents"] == documents
    assert labels["approved"] == approved
    assert labels["attention"] == "wymaga uwagi"  # "0 wymaga uwagi"
