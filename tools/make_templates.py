"""Regenerate the bundled .docx templates in templates/.

The templates are ordinary Word files that a secretariat may edit by hand; this script is only how
the bundled originals were made, so their Jinja tags never get split across Word runs. Run it with
``python tools/make_templates.py [name …]`` after changing it, and commit the resulting files.
The variables each template may use are the fields of its context class in pipeline/contexts.py.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.shared import Pt
from docx_kit import (
    CENTER,
    JUSTIFY,
    RIGHT,
    fields,
    grid,
    heading,
    new_document,
    para,
    place_date,
    signatures,
    tag,
    tidy,
    title,
)

OUT = Path(__file__).resolve().parents[1] / "templates"


def _member_table(doc, *, national: bool) -> None:
    rows = [
        ("Pełna nazwa", "{{ member.name }}"),
        (
            "Rodzaj",
            "{{ member.kind_label }}{% if member.unit_type %} (członek {{ member.kind.value }})"
            "{% endif %}",
        ),
        ("Adres siedziby", "{{ member.address.one_line }}"),
        ("Województwo", "{{ member.address.voivodeship.value }}"),
        ("NIP / REGON / KRS", "{{ identifiers }}"),
    ]
    if national:
        rows.append(("Instytucja tworząca", "{{ member.founding_institution }}"))
    else:
        rows += [
            ("{%tr if member.register_entry %}", ""),
            (
                "Wpis do rejestru Wojewody Lubelskiego",
                "nr {{ member.register_entry }}{{ register_date }}",
            ),
            ("{%tr endif %}", ""),
            ("{%tr if member.founding_institution %}", ""),
            ("Podmiot prowadzący", "{{ member.founding_institution }}"),
            ("{%tr endif %}", ""),
        ]
    fields(doc, rows)


def _representative(doc) -> None:
    fields(
        doc,
        [
            ("Imię i nazwisko", "{{ member.representative.name }}"),
            ("Funkcja", "{{ member.representative.function }}"),
            ("E-mail", "{{ member.representative.email }}"),
            ("Telefon", "{{ member.representative.phone }}"),
            ("{%tr if member.substitute %}", ""),
            (
                "Osoba zastępująca",
                "{{ member.substitute.name }}, {{ member.substitute.function }} "
                "{{ member.substitute.email }}",
            ),
            ("{%tr endif %}", ""),
        ],
    )


def _admission(doc) -> None:
    heading(doc, "Decyzja {{ org.council|dopelniacz }} (wypełnia Sekretariat)")
    para(
        doc,
        "{{ council_name }} uchwałą nr ……………… z dnia ………………… przyjęła / nie przyjęła*) "
        "{{ member|biernik }} w poczet członków Konwentu "
        "({{ law.admission }} Regulaminu).",
    ).alignment = JUSTIFY
    para(doc, "*) niepotrzebne skreślić", italic=True, size=8)


def deklaracja_partnerska() -> Document:
    doc = new_document("Deklaracja partnerska – {{ member.name }}")
    place_date(doc)
    title(doc, "DEKLARACJA PARTNERSKA", "przystąpienia do {{ org.name_genitive }}")
    heading(doc, "Dane członka")
    _member_table(doc, national=False)
    heading(doc, "Przedstawiciel w pracach Konwentu")
    _representative(doc)
    heading(doc, "Oświadczenie")
    para(
        doc,
        "Działając w imieniu {{ member|dopelniacz }}, deklaruję przystąpienie do "
        "{{ org.name_genitive }} jako członek {{ member.kind.value }}. Oświadczam, że znam "
        "i akceptuję postanowienia {{ regulation_genitive }} oraz zobowiązuję się do aktywnego "
        "udziału w pracach Konwentu, w szczególności do delegowania przedstawiciela wskazanego "
        "w niniejszej deklaracji ({{ law.declaration }} i {{ law.representative }} Regulaminu).",
    ).alignment = JUSTIFY
    signatures(
        doc,
        (
            "{{ head.function }}\npodpis osoby reprezentującej członka",
            "{{ head.name }}",
            "kierownik",
        ),
    )
    _admission(doc)
    return doc


def deklaracja_czlonkowska() -> Document:
    doc = new_document("Deklaracja członkowska – {{ member.name }}")
    place_date(doc)
    title(doc, "DEKLARACJA CZŁONKOWSKA", "przystąpienia do {{ org.name_genitive }}")
    heading(doc, "Dane członka")
    _member_table(doc, national=True)
    heading(doc, "Przedstawiciel w pracach Konwentu")
    _representative(doc)
    heading(doc, "Oświadczenie")
    para(
        doc,
        "Działając w imieniu {{ member|dopelniacz }}, deklaruję przystąpienie do "
        "{{ org.name_genitive }} ({{ law.declaration }} Regulaminu). Oświadczam, że znam "
        "i akceptuję postanowienia {{ regulation_genitive }}.",
    ).alignment = JUSTIFY
    heading(doc, "Zgoda instytucji tworzącej")
    para(
        doc,
        "{{ member.founding_institution }}, jako instytucja tworząca {{ member|dopelniacz }}, "
        "wyraża zgodę na przystąpienie do {{ org.name_genitive }} "
        "({{ law.founding_institution_consent }} Regulaminu).",
    ).alignment = JUSTIFY
    tag(doc, "{%p if decl.founding_institution_agreement %}")
    para(doc, "Zgoda: {{ decl.founding_institution_agreement }}", italic=True)
    tag(doc, "{%p endif %}")
    signatures(
        doc,
        ("{{ head.function }}\npodpis kierownika członka", "{{ head.name }}", "kierownik"),
        (
            "podpis osoby reprezentującej instytucję tworzącą",
            "{{ member.founding_institution }}",
            "instytucja_tworzaca",
        ),
    )
    _admission(doc)
    return doc


def zawiadomienie() -> Document:
    doc = new_document("Zawiadomienie o zwołaniu {{ meeting_genitive }}")
    place_date(doc)
    para(doc, "{{ addressees }}", bold=True, align=RIGHT, after=18)
    title(doc, "ZAWIADOMIENIE", "o zwołaniu {{ meeting_genitive }}")
    para(
        doc,
        "Na podstawie {{ regulation_genitive }} uprzejmie zawiadamiam, że "
        "{{ meeting_name }} odbędzie się w terminie i miejscu wskazanym poniżej.",
        after=8,
    ).alignment = JUSTIFY
    fields(
        doc,
        [
            ("Rodzaj", "{{ meeting_kind }}"),
            ("Termin", "{{ date }}, godz. {{ time }}"),
            ("Miejsce", "{{ place }}"),
        ],
        widths=(3.5, 12.5),
    )
    heading(doc, "Proponowany porządek obrad", level=2)
    tag(doc, "{%p for item in agenda %}")
    para(doc, "{{ loop.index }}. {{ item }}", after=2)
    tag(doc, "{%p endfor %}")
    para(doc, after=2)
    para(
        doc,
        "Uprzejmie proszę o udział przedstawiciela wskazanego w deklaracji, a w razie jego "
        "nieobecności – osoby upoważnionej przez instytucję prowadzącą.",
    ).alignment = JUSTIFY
    signatures(doc, ("{{ signatory_function }}", "{{ signatory }}", "przewodniczacy"))
    return doc


def lista_obecnosci() -> Document:
    doc = new_document("Lista obecności – {{ meeting_name }}, {{ date }}")
    title(doc, "LISTA OBECNOŚCI", "{{ meeting_genitive }}", "w dniu {{ date }}")
    para(doc, "Miejsce: {{ meeting.place }}, {{ meeting.city }}", align=CENTER, after=10)
    grid(
        doc,
        ["Lp.", "Członek Konwentu", "Typ", "Przedstawiciel", "Prawo głosu", "Podpis"],
        [
            "{{ row.number }}.",
            "{{ row.member_name }}",
            "{{ row.unit }}",
            "{{ row.representative }}",
            "{{ row.voting }}",
            "",
        ],
        "row in rows",
        [1.0, 4.6, 2.3, 3.5, 1.5, 3.1],
        align=[CENTER, None, CENTER, None, CENTER, None],
        min_height=1.1,
    )
    para(doc, "Obecnych członków: {{ present_count }}.", italic=True, size=9)
    tag(doc, "{%p if guests %}")
    heading(doc, "Goście", level=2)
    grid(
        doc,
        ["Lp.", "Imię i nazwisko", "Funkcja", "Podpis"],
        ["{{ loop.index }}.", "{{ guest.name }}", "{{ guest.function }}", ""],
        "guest in guests",
        [1.0, 5.0, 6.6, 3.4],
        align=[CENTER, None, None, None],
        min_height=1.1,
    )
    tag(doc, "{%p endif %}")
    return doc


def protokol() -> Document:
    doc = new_document("Protokół nr {{ number }} {{ meeting_title }}")
    place_date(doc)
    title(doc, "PROTOKÓŁ NR {{ number }}", "{{ meeting_title }}", "odbytego w dniu {{ date }}")
    fields(
        doc,
        [
            ("Rodzaj posiedzenia", "{{ meeting.kind.value }}"),
            ("Data", "{{ date }}"),
            ("Godzina otwarcia", "{{ meeting.time }}"),
            ("{%tr if meeting.closing_time %}", ""),
            ("Godzina zamknięcia", "{{ meeting.closing_time }}"),
            ("{%tr endif %}", ""),
            ("Miejsce", "{{ meeting.place }}, {{ meeting.city }}"),
            ("{{ chair|rodzaj('Przewodniczący') }} obrad", "{{ chair }}"),
            ("{{ recorder|rodzaj('Protokolant') }}", "{{ recorder }}"),
            (
                "Obecni",
                "{{ 'przedstawiciel' if present_count == 1 else 'przedstawiciele' }} "
                "{{ present_count|liczebnik('członka', 'członków', 'członków') }} "
                "Konwentu, w tym "
                "{{ voting_count|liczebnik('uprawnionego', 'uprawnionych', 'uprawnionych') }} "
                "do głosowania (lista obecności w załączeniu)",
            ),
        ],
    )
    tag(doc, "{%p if meeting.guests %}")
    guests = para(doc, "W {{ meeting_kind_locative }} uczestniczyli także goście:", after=2)
    guests.paragraph_format.space_before = Pt(8)
    tag(doc, "{%p for guest in meeting.guests %}")
    para(doc, "– {{ guest.name }}{% if guest.function %}, {{ guest.function }}{% endif %}", after=2)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    heading(doc, "Porządek obrad")
    tag(doc, "{%p for item in meeting.agenda %}")
    para(doc, "{{ loop.index }}. {{ item.title }}", after=2)
    tag(doc, "{%p endfor %}")
    para(doc, "{{ agenda_adoption }}")
    heading(doc, "Przebieg obrad")
    tag(doc, "{%p for item in agenda %}")
    para(
        doc, "Ad {{ loop.index }}. {{ item.title }}", bold=True, after=2
    ).paragraph_format.keep_with_next = True
    tag(doc, "{%p if item.text %}")
    para(doc, "{{ item.text }}").alignment = JUSTIFY
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if meeting.closing_time %}")
    para(doc, "Obrady zamknięto o godz. {{ meeting.closing_time }}.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if votes %}")
    heading(doc, "Głosowania")
    para(doc, "Wszystkie głosowania przeprowadzono jawnie.", after=4)
    grid(
        doc,
        ["Lp.", "Przedmiot głosowania", "Za", "Przeciw", "Wstrz.", "Wynik"],
        [
            "{{ loop.index }}.",
            "{{ v.subject }}",
            "{{ v.in_favour }}",
            "{{ v.against }}",
            "{{ v.abstained }}",
            "{{ v.result }}",
        ],
        "v in votes",
        [1.0, 6.9, 1.2, 1.6, 1.5, 3.8],
        align=[CENTER, None, CENTER, CENTER, CENTER, None],
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if elections %}")
    heading(doc, "Wybory")
    grid(
        doc,
        ["Organ", "Tryb", "Wybrani", "Głosowanie"],
        ["{{ e.body }}", "{{ e.mode }}", "{{ e.elected }}", "{{ e.votes }}"],
        "e in elections",
        [4.2, 3.0, 5.0, 3.8],
    )
    tag(doc, "{%p endif %}")
    heading(doc, "Podjęte uchwały")
    tag(doc, "{%p for r in adopted %}")
    para(
        doc,
        "{{ loop.index }}) Uchwała nr {{ r.number }} w sprawie {{ r.subject }}"
        "{{ '.' if loop.last else ';' }}",
        after=2,
    )
    tag(doc, "{%p else %}")
    para(doc, "Nie podjęto uchwał.")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if communiques or amendments %}")
    heading(doc, "Komunikaty i aneksy")
    tag(doc, "{%p for item in communiques %}")
    para(doc, "Komunikat nr {{ item.number }}: {{ item.title|cudzyslow }}", after=2)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for item in amendments %}")
    para(doc, "Aneks nr {{ item.number }} {{ item.title }}", after=2)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    heading(doc, "Załączniki")
    tag(doc, "{%p for a in attachments %}")
    para(doc, "{{ loop.index }}) {{ a }}{{ '.' if loop.last else ';' }}", after=2)
    tag(doc, "{%p endfor %}")
    closing = para(doc, "Na tym protokół zakończono.", after=2)
    closing.paragraph_format.space_before = Pt(10)
    signatures(
        doc,
        ("{{ recorder|rodzaj('protokolant') }}", "{{ recorder }}", "protokolant"),
        ("{{ chair|rodzaj('przewodniczący') }} obrad", "{{ chair }}", "przewodniczacy"),
    )
    return doc


def uchwala() -> Document:
    doc = new_document("Uchwała nr {{ number }} {{ issuing_body }} z dnia {{ date }}")
    title(doc, "UCHWAŁA NR {{ number }}", "{{ issuing_body }}", "z dnia {{ date }}")
    para(doc, "w sprawie {{ resolution.subject }}", bold=True, align=CENTER, after=14)
    para(
        doc, "Na podstawie {{ resolution.legal_basis }} uchwala się, co następuje:"
    ).alignment = JUSTIFY
    tag(doc, "{%p for text in resolution.paragraphs %}")
    para(
        doc, "§ {{ loop.index }}", bold=True, align=CENTER, after=2
    ).paragraph_format.keep_with_next = True
    para(doc, "{{ text }}").alignment = JUSTIFY
    tag(doc, "{%p endfor %}")
    last = "§ {{ resolution.paragraphs|length + 1 }}"
    para(doc, last, bold=True, align=CENTER, after=2).paragraph_format.keep_with_next = True
    para(doc, "Uchwała wchodzi w życie {{ resolution.effective|kropka }}")
    para(doc, after=6)
    para(doc, "Wynik głosowania jawnego: {{ vote_line }}. {{ result }}", italic=True, size=10)
    signatures(doc, ("{{ chair|rodzaj('przewodniczący') }} obrad", "{{ chair }}", "przewodniczacy"))
    return doc


def komunikat() -> Document:
    doc = new_document("Komunikat nr {{ number }} {{ issuer_genitive }}")
    place_date(doc)
    title(doc, "KOMUNIKAT NR {{ number }}", "{{ issuer_genitive }}")
    para(doc, "{{ communique.title }}", bold=True, align=CENTER, after=14)
    tag(doc, "{%p for text in communique.body %}")
    para(doc, "{{ text }}").alignment = JUSTIFY
    tag(doc, "{%p endfor %}")
    signatures(
        doc,
        (
            "{{ signatory_function }}\nw imieniu {{ issuer_genitive }}",
            "{{ signatory }}",
            "przewodniczacy",
        ),
    )
    return doc


def aneks() -> Document:
    doc = new_document("Aneks nr {{ number }} do {{ regulation }}")
    place_date(doc)
    title(doc, "ANEKS NR {{ number }}", "do {{ regulation }}")
    para(
        doc,
        "przyjęty uchwałą nr {{ resolution_number }} {{ issuing_body }} z dnia {{ date }} "
        "w sprawie {{ resolution.subject }}",
        align=CENTER,
        after=14,
    )
    para(
        doc,
        "Na podstawie {{ law.amendment }} {{ regulation }} wprowadza się następujące zmiany:",
    ).alignment = JUSTIFY
    grid(
        doc,
        ["Lp.", "Zmiana"],
        ["{{ ch.number }}.", "{{ ch.lead }} {{ ch.text }}"],
        "ch in changes",
        [1.2, 14.8],
        align=[CENTER, JUSTIFY],
    )
    para(doc, after=4)
    para(doc, "Aneks wchodzi w życie {{ resolution.effective|kropka }}")
    para(
        doc,
        "Uchwałę o przyjęciu aneksu podjęto w głosowaniu jawnym zwykłą większością głosów: "
        "{{ vote_line }}.",
        italic=True,
        size=10,
    )
    signatures(doc, ("{{ chair|rodzaj('przewodniczący') }} obrad", "{{ chair }}", "przewodniczacy"))
    return doc


TEMPLATES: dict[str, Callable[[], Document]] = {
    "deklaracja_partnerska": deklaracja_partnerska,
    "deklaracja_czlonkowska": deklaracja_czlonkowska,
    "zawiadomienie": zawiadomienie,
    "lista_obecnosci": lista_obecnosci,
    "protokol": protokol,
    "uchwala": uchwala,
    "komunikat": komunikat,
    "aneks": aneks,
}


def main(names: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    for name in names or list(TEMPLATES):
        tidy(TEMPLATES[name]()).save(OUT / f"{name}.docx")
        print(f"wrote templates/{name}.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
