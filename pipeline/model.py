"""The validated documents, members and organisation of a Konwent. Pure: no I/O.

Attribute names are English (templates use them); input keys are Polish aliases, because the
secretariat writes the YAML and the register. Every text is NFC-normalised and kept exactly.
"""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum
from typing import Any, Generic, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .fieldtypes import Email, Krs, Nip, PostalCode, Regon, Text, parse_date, parse_yes_no

T = TypeVar("T")


def _accepts(annotation: Any, kind: type) -> bool:
    """Whether a field's annotation is ``kind`` or an optional ``kind``."""
    return annotation is kind or kind in get_args(annotation)


class Base(BaseModel):
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, frozen=True, coerce_numbers_to_str=True
    )

    @field_validator("*", mode="before")
    @classmethod
    def _as_written(cls, value: Any, info: ValidationInfo) -> Any:
        """Dates (2026-06-12 or 12.06.2026) and tak/nie as the secretariat writes them."""
        kind = _written_kind(cls, info.field_name)
        if kind is dt.date:
            return parse_date(value)
        if kind is bool:
            return parse_yes_no(value)
        return value


@functools.cache
def _written_kind(model: type[BaseModel], field: str) -> type | None:
    """dt.date or bool when ``field`` of ``model`` takes one (as the secretariat writes it)."""
    annotation = model.model_fields[field].annotation
    return next((kind for kind in (dt.date, bool) if _accepts(annotation, kind)), None)


class Profile(StrEnum):
    REGIONAL = "regionalny"
    NATIONAL = "krajowy"


class Voivodeship(StrEnum):
    DOLNOSLASKIE = "dolnośląskie"
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie"
    LUBELSKIE = "lubelskie"
    LUBUSKIE = "lubuskie"
    LODZKIE = "łódzkie"
    MALOPOLSKIE = "małopolskie"
    MAZOWIECKIE = "mazowieckie"
    OPOLSKIE = "opolskie"
    PODKARPACKIE = "podkarpackie"
    PODLASKIE = "podlaskie"
    POMORSKIE = "pomorskie"
    SLASKIE = "śląskie"
    SWIETOKRZYSKIE = "świętokrzyskie"
    WARMINSKO_MAZURSKIE = "warmińsko-mazurskie"
    WIELKOPOLSKIE = "wielkopolskie"
    ZACHODNIOPOMORSKIE = "zachodniopomorskie"


class MemberKind(StrEnum):
    FULL = "zwyczajny"
    SUPPORTING = "wspierający"
    HONORARY = "honorowy"


class Gender(StrEnum):
    """A person's grammatical gender (plec): K (kobieta) or M (mężczyzna)."""

    FEMALE = "K"
    MALE = "M"


class UnitType(StrEnum):
    CIS = "CIS"
    KIS = "KIS"


class CouncilRole(StrEnum):
    CHAIR = "przewodniczący"
    DEPUTY = "zastępca"
    MEMBER = "członek"


class MeetingKind(StrEnum):
    CONVENTION = "zjazd"
    ORDINARY = "posiedzenie zwyczajne"
    EXTRAORDINARY = "posiedzenie nadzwyczajne"
    EXTRAORDINARY_CONVENTION = "zjazd nadzwyczajny"
    COUNCIL = "posiedzenie Rady"


class ChangeKind(StrEnum):
    AMEND = "zmiana"
    ADD = "dodanie"
    REMOVE = "uchylenie"


class Address(Base):
    street: Text = Field(alias="ulica")
    postal_code: PostalCode = Field(alias="kod_pocztowy")
    city: Text = Field(alias="miejscowosc")
    voivodeship: Voivodeship = Field(alias="wojewodztwo")

    @property
    def one_line(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"


class Person(Base):
    name: Text = Field(alias="imie_nazwisko")
    function: Text | None = Field(default=None, alias="funkcja")
    email: Email | None = Field(default=None, alias="email")
    phone: Text | None = Field(default=None, alias="telefon")
    gender: Gender | None = Field(default=None, alias="plec")


class Member(Base):
    """A member of the Konwent as held in the register (or as declared by a newcomer)."""

    id: Text = Field(alias="id")
    name: Text = Field(alias="nazwa")
    name_genitive: Text | None = Field(default=None, alias="nazwa_dopelniacz")
    kind: MemberKind = Field(alias="rodzaj")
    unit_type: UnitType | None = Field(default=None, alias="typ")
    address: Address = Field(alias="adres")
    nip: Nip | None = Field(default=None, alias="nip")
    regon: Regon | None = Field(default=None, alias="regon")
    krs: Krs | None = Field(default=None, alias="krs")
    register_entry: Text | None = Field(default=None, alias="nr_rejestru")
    register_date: dt.date | None = Field(default=None, alias="data_wpisu")
    founding_institution: Text | None = Field(default=None, alias="instytucja_tworzaca")
    representative: Person = Field(alias="przedstawiciel")
    substitute: Person | None = Field(default=None, alias="zastepca")
    admitted_by: Text | None = Field(default=None, alias="uchwala_przyjecia")
    admitted_on: dt.date | None = Field(default=None, alias="data_przyjecia")
    founding: bool = Field(default=False, alias="zalozyciel")  # no admission resolution
    left_on: dt.date | None = Field(default=None, alias="data_wystapienia")  # no longer from then

    def member_on(self, day: dt.date) -> bool:
        """Whether it is a member on ``day``: admitted by then (a founding member or one without
        an admission date counts from the start) and not yet left (it leaves on ``left_on``)."""
        admitted = self.admitted_on is None or self.admitted_on <= day
        return admitted and (self.left_on is None or day < self.left_on)

    @property
    def kind_label(self) -> str:
        """The member's kind as a declaration names it ("centrum integracji społecznej")."""
        if self.unit_type is UnitType.CIS:
            return "centrum integracji społecznej"
        if self.unit_type is UnitType.KIS:
            return "klub integracji społecznej"
        return f"członek {self.kind.value}"


class CouncilSeat(Base):
    name: Text = Field(alias="imie_nazwisko")
    member_id: Text | None = Field(default=None, alias="czlonek")
    role: CouncilRole = Field(default=CouncilRole.MEMBER, alias="funkcja")
    unit_type: UnitType | None = Field(default=None, alias="typ")
    nominated_by_ministry: bool = Field(default=False, alias="z_ramienia_ministerstwa")
    gender: Gender | None = Field(default=None, alias="plec")
    since: dt.date | None = Field(default=None, alias="od")  # from the term's start if not given
    until: dt.date | None = Field(default=None, alias="do")  # its last day; the term's end if not

    def with_role(self, role: CouncilRole) -> CouncilSeat:
        return self if role is self.role else self.model_copy(update={"role": role})

    def held_on(self, day: dt.date) -> bool:
        started = self.since is None or self.since <= day
        return started and (self.until is None or day <= self.until)


class ChairYear(Base):
    """Who chaired the council and who deputised in one calendar year (Art. 3 ust. 5)."""

    year: int = Field(alias="rok", ge=2000, le=2100)
    chair: Text = Field(alias="przewodniczacy")
    deputy: Text = Field(alias="zastepca")


class Council(Base):
    name: Text = Field(alias="nazwa")
    name_genitive: Text = Field(alias="nazwa_dopelniacz")
    term_start: dt.date = Field(alias="kadencja_od")
    term_end: dt.date = Field(alias="kadencja_do")
    seats: list[CouncilSeat] = Field(alias="sklad", min_length=1)
    chair_history: list[ChairYear] = Field(default_factory=list, alias="przewodnictwo")

    def seat(self, role: CouncilRole) -> CouncilSeat | None:
        return next((s for s in self.seats if s.role is role), None)

    @property
    def chair(self) -> CouncilSeat | None:
        return self.seat(CouncilRole.CHAIR)

    @property
    def deputy(self) -> CouncilSeat | None:
        return self.seat(CouncilRole.DEPUTY)

    def on(self, day: dt.date) -> Council:
        """The council as it stood on ``day``: the seats held then, and that year's chair and
        deputy (``przewodnictwo``); without an entry for the year, the roles as ``sklad`` gives."""
        year = next((y for y in self.chair_history if y.year == day.year), None)
        roles = {year.chair: CouncilRole.CHAIR, year.deputy: CouncilRole.DEPUTY} if year else {}
        seats = [s for s in self.seats if s.held_on(day)]
        if roles:
            seats = [s.with_role(roles.get(s.name, CouncilRole.MEMBER)) for s in seats]
        unchanged = len(seats) == len(self.seats)
        if unchanged and all(a is b for a, b in zip(seats, self.seats, strict=True)):
            return self  # as it stands: the same objects (what a document reads is traced by id)
        return self.model_copy(update={"seats": seats})


class Organisation(Base):
    profile: Profile = Field(alias="profil")
    name: Text = Field(alias="nazwa")
    name_genitive: Text = Field(alias="nazwa_dopelniacz")
    regulation_title: Text = Field(alias="regulamin")
    address: Address = Field(alias="adres")
    email: Email | None = Field(default=None, alias="email")
    phone: Text | None = Field(default=None, alias="telefon")
    website: Text | None = Field(default=None, alias="www")
    council: Council = Field(alias="rada")
    templates_dir: Text | None = Field(default=None, alias="szablony")
    # Feminine forms the organisation prefers where usage leaves a choice ("zastępca": "zastępca"
    # instead of "zastępczyni"), by masculine form; they win over pipeline/grammar/gender.py.
    feminine_forms: dict[Text, Text] = Field(default_factory=dict, alias="formy_zenskie")

    def on(self, day: dt.date) -> Organisation:
        """The organisation with its council as it stood on ``day`` (who signs, decides a tie)."""
        council = self.council.on(day)
        return self if council is self.council else self.model_copy(update={"council": council})


class Votes(Base):
    in_favour: int = Field(alias="za", ge=0)
    against: int = Field(alias="przeciw", ge=0)
    abstained: int = Field(default=0, alias="wstrzymalo_sie", ge=0)
    casting_vote: Text | None = Field(default=None, alias="glos_rozstrzygajacy")
    casting_voter: Text | None = Field(default=None, alias="rozstrzygajacy")

    @property
    def total(self) -> int:
        return self.in_favour + self.against + self.abstained

    @property
    def adopted(self) -> bool:
        """Simple majority; a tie passes only on a casting vote "za" (if the profile allows one)."""
        if self.in_favour != self.against:
            return self.in_favour > self.against
        return self.casting_vote == "za"


class AgendaItem(Base):
    title: Text = Field(alias="punkt")
    course: Text | None = Field(default=None, alias="przebieg")


class Attendance(Base):
    member_id: Text = Field(alias="czlonek")
    representative: Text | None = Field(default=None, alias="przedstawiciel")
    entitled_to_vote: bool = Field(default=True, alias="uprawniony_do_glosowania")


class Guest(Base):
    name: Text = Field(alias="imie_nazwisko")
    function: Text | None = Field(default=None, alias="funkcja")


class Election(Base):
    body: Text = Field(alias="organ")
    mode: Text = Field(alias="tryb")
    elected: list[Text] = Field(alias="wybrani", min_length=1)
    votes: Votes | None = Field(default=None, alias="glosowanie")


class Resolution(Base):
    key: Text | None = Field(default=None, alias="id")
    subject: Text = Field(alias="w_sprawie")
    legal_basis: Text = Field(alias="podstawa_prawna")
    paragraphs: list[Text] = Field(alias="postanowienia", min_length=1)
    effective: Text = Field(default="z dniem podjęcia", alias="wchodzi_w_zycie")
    votes: Votes = Field(alias="glosowanie")
    number: Text | None = Field(default=None, alias="numer")
    declared_result: Text | None = Field(default=None, alias="wynik")
    regulation_change: bool = Field(default=False, alias="zmiana_regulaminu")
    admits: list[Text] = Field(default_factory=list, alias="przyjmuje_czlonkow")


class Communique(Base):
    key: Text | None = Field(default=None, alias="id")
    title: Text = Field(alias="tytul")
    body: list[Text] = Field(alias="tresc", min_length=1)
    date: dt.date | None = Field(default=None, alias="data")
    number: Text | None = Field(default=None, alias="numer")


class RegulationChange(Base):
    unit: Text = Field(alias="jednostka")
    kind: ChangeKind = Field(alias="rodzaj")
    text: Text | None = Field(default=None, alias="brzmienie")


class Amendment(Base):
    key: Text | None = Field(default=None, alias="id")
    resolution: Text = Field(alias="uchwala")
    changes: list[RegulationChange] = Field(alias="zmiany", min_length=1)
    number: Text | None = Field(default=None, alias="numer")


class Notice(Base):
    date: dt.date = Field(alias="data")
    addressees: Text = Field(default="Członkowie Konwentu", alias="adresaci")


class Meeting(Base):
    key: Text | None = Field(default=None, alias="id")  # identity; default: date and kind
    kind: MeetingKind = Field(alias="rodzaj")
    date: dt.date = Field(alias="data")
    time: Text = Field(alias="godzina", pattern=r"^[0-9]{1,2}:[0-9]{2}$")
    closing_time: Text | None = Field(
        default=None, alias="godzina_zamkniecia", pattern=r"^[0-9]{1,2}:[0-9]{2}$"
    )
    city: Text = Field(alias="miejscowosc")
    place: Text = Field(alias="miejsce")
    chair: Text = Field(alias="prowadzacy")
    chair_gender: Gender | None = Field(default=None, alias="plec_prowadzacego")
    recorder: Text = Field(alias="protokolant")
    recorder_gender: Gender | None = Field(default=None, alias="plec_protokolanta")
    notice: Notice | None = Field(default=None, alias="zawiadomienie")
    attendance: list[Attendance] = Field(alias="obecni", min_length=1)
    guests: list[Guest] = Field(default_factory=list, alias="goscie")
    agenda: list[AgendaItem] = Field(alias="porzadek_obrad", min_length=1)
    agenda_votes: Votes | None = Field(default=None, alias="przyjecie_porzadku")
    elections: list[Election] = Field(default_factory=list, alias="wybory")
    resolutions: list[Resolution] = Field(default_factory=list, alias="uchwaly")
    communiques: list[Communique] = Field(default_factory=list, alias="komunikaty")
    amendments: list[Amendment] = Field(default_factory=list, alias="aneksy")
    requested_by: list[Text] = Field(default_factory=list, alias="wnioskodawcy")
    request_date: dt.date | None = Field(default=None, alias="data_wniosku")
    attachments: list[Text] = Field(default_factory=list, alias="zalaczniki")
    number: Text | None = Field(default=None, alias="numer_protokolu")


class Declaration(Base):
    """A newcomer's membership declaration (deklaracja partnerska or członkowska)."""

    member: Member = Field(alias="czlonek")
    head: Person = Field(alias="kierownik")
    city: Text = Field(alias="miejscowosc")
    date: dt.date = Field(alias="data")
    founding_institution_agreement: Text | None = Field(
        default=None, alias="zgoda_instytucji_tworzacej"
    )


class IssuedCommunique(Base):
    """A stand-alone komunikat issued by the council (Art. 3 ust. 9 pkt 5, § 4 ust. 1 pkt 4)."""

    key: Text | None = Field(default=None, alias="id")  # identity; default: the file name
    number: Text | None = Field(default=None, alias="numer")
    date: dt.date = Field(alias="data")
    city: Text = Field(alias="miejscowosc")
    title: Text = Field(alias="tytul")
    body: list[Text] = Field(alias="tresc", min_length=1)
    issued_by: Text | None = Field(default=None, alias="wydaje")
    signed_by: Text | None = Field(default=None, alias="podpisuje")


class MeetingNotice(Base):
    """A stand-alone zawiadomienie: who is invited to which meeting, when, where, about what."""

    date: dt.date = Field(alias="data")
    city: Text = Field(alias="miejscowosc")
    addressees: Text = Field(default="Członkowie Konwentu", alias="adresaci")
    meeting_kind: MeetingKind = Field(alias="rodzaj_posiedzenia")
    meeting_date: dt.date = Field(alias="data_posiedzenia")
    time: Text = Field(alias="godzina", pattern=r"^[0-9]{1,2}:[0-9]{2}$")
    place: Text = Field(alias="miejsce")
    agenda: list[Text] = Field(alias="porzadek_obrad", min_length=1)
    signed_by: Text | None = Field(default=None, alias="podpisuje")


class Register(Base):
    members: list[Member]
    source: str = ""
    rows: dict[str, int] = Field(default_factory=dict)  # member id → register row
    # ids of rows that failed validation (already reported): rules do not report them again
    unreadable: frozenset[str] = frozenset()
    # False: the register file itself could not be read (reported); no member can be looked up
    readable: bool = True

    def by_id(self) -> dict[str, Member]:
        return {m.id: m for m in self.members}

    def members_on(self, day: dt.date) -> list[Member]:
        """The members on ``day``, in register order: whom a meeting that day invites and counts."""
        return [m for m in self.members if m.member_on(day)]


class Sourced(Base, Generic[T]):
    """A validated document together with the file it came from (for messages and file names)."""

    source: str
    doc: T
    lines: dict[str, int] = Field(default_factory=dict)  # field path → line in the source


class Konwent(Base):
    """Everything one inputs folder holds, validated."""

    root: str
    organisation: Organisation
    members: Register
    meetings: list[Sourced[Meeting]]
    declarations: list[Sourced[Declaration]]
    communiques: list[Sourced[IssuedCommunique]] = Field(default_factory=list)
    notices: list[Sourced[MeetingNotice]] = Field(default_factory=list)
    organisation_source: str = ""
    organisation_lines: dict[str, int] = Field(default_factory=dict)
    # the document lists ("meetings", "declarations", …) with a file that failed to load
    incomplete: frozenset[str] = frozenset()
