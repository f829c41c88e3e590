"""How Polish documents name meetings, bodies and votes. Pure wording, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Meeting, MeetingKind, Organisation, Votes
from .profiles import load_profile


@dataclass(frozen=True)
class MeetingPhrases:
    """How Polish documents name a kind of meeting in the cases they need."""

    nominative: str  # "Zjazd Członków"
    genitive: str  # "Zjazdu Członków" (Uchwała nr … Zjazdu Członków …)
    from_: str  # "ze Zjazdu Członków" (protokół … ze Zjazdu)
    locative: str  # "Zjeździe" (w Zjeździe uczestniczyli)


PHRASES: dict[MeetingKind, MeetingPhrases] = {
    MeetingKind.CONVENTION: MeetingPhrases(
        "Zjazd Członków", "Zjazdu Członków", "ze Zjazdu Członków", "Zjeździe"
    ),
    MeetingKind.EXTRAORDINARY_CONVENTION: MeetingPhrases(
        "Nadzwyczajny Zjazd Członków",
        "Nadzwyczajnego Zjazdu Członków",
        "z Nadzwyczajnego Zjazdu Członków",
        "Zjeździe",
    ),
    MeetingKind.ORDINARY: MeetingPhrases(
        "posiedzenie zwyczajne",
        "posiedzenia zwyczajnego",
        "z posiedzenia zwyczajnego",
        "posiedzeniu",
    ),
    MeetingKind.EXTRAORDINARY: MeetingPhrases(
        "posiedzenie nadzwyczajne",
        "posiedzenia nadzwyczajnego",
        "z posiedzenia nadzwyczajnego",
        "posiedzeniu",
    ),
    MeetingKind.COUNCIL: MeetingPhrases(
        "posiedzenie", "posiedzenia", "z posiedzenia", "posiedzeniu"
    ),
}

CHANGE_LEADS = {
    "zmiana": "{unit} otrzymuje brzmienie:",
    "dodanie": "dodaje się {unit} w brzmieniu:",
    "uchylenie": "uchyla się {unit}.",
}


def join_genitive(first: str, second: str) -> str:
    """ "Rady Konwentu" + "Konwentu Klubów …" → "Rady Konwentu Klubów …" (no doubled word)."""
    head, tail = first.split(), second.split()
    if head and tail and head[-1] == tail[0]:
        tail = tail[1:]
    return " ".join([*head, *tail]).strip()


def council_genitive(org: Organisation) -> str:
    return join_genitive(org.council.name_genitive, org.name_genitive)


def council_nominative(org: Organisation) -> str:
    return join_genitive(org.council.name, org.name_genitive)


def issuing_body(org: Organisation, kind: MeetingKind) -> str:
    """The body adopting a meeting's resolutions, in the genitive ("Zjazdu Członków Konwentu …",
    "Rady Programowej Konwentu …", or the Konwent itself where its profile says so)."""
    if kind is MeetingKind.COUNCIL:
        return council_genitive(org)
    if kind in load_profile(org.profile).meetings.adopted_by_konwent:
        return org.name_genitive
    return join_genitive(PHRASES[kind].genitive, org.name_genitive)


def meeting_name(org: Organisation, kind: MeetingKind) -> str:
    """ "Zjazd Członków Konwentu …" or "posiedzenie Rady Konwentu …"."""
    phrases = PHRASES[kind]
    if kind is MeetingKind.COUNCIL:
        return f"{phrases.nominative} {council_genitive(org)}"
    return join_genitive(phrases.nominative, org.name_genitive)


def meeting_genitive(org: Organisation, kind: MeetingKind) -> str:
    """ "Zjazdu Członków Konwentu …" or "posiedzenia Rady Konwentu …" (lista obecności …)."""
    if kind is MeetingKind.COUNCIL:
        return f"{PHRASES[kind].genitive} {council_genitive(org)}"
    return join_genitive(PHRASES[kind].genitive, org.name_genitive)


def vote_line(votes: Votes) -> str:
    return f"za – {votes.in_favour}, przeciw – {votes.against}, wstrzymało się – {votes.abstained}"


# How a vote's result agrees with what was voted on: (adopted, not adopted).
RESOLUTION_RESULT = ("podjęta", "niepodjęta")  # uchwała
AGENDA_RESULT = ("przyjęty", "odrzucony")  # porządek obrad
ELECTION_RESULT = ("wybrano", "nie wybrano")  # impersonal: agrees with any body


def vote_result(votes: Votes, chair: str, forms: tuple[str, str] = RESOLUTION_RESULT) -> str:
    result = forms[0] if votes.adopted else forms[1]
    if casting(votes):
        result += f" (głos rozstrzygający: {chair})"
    return result


def casting(votes: Votes) -> bool:
    """A tie the council chair decided (national profile, § 4)."""
    return bool(votes.casting_vote) and votes.in_favour == votes.against


def casting_chair(org: Organisation, meeting: Meeting, votes: Votes) -> str:
    """Who cast the deciding vote: as the minutes name them, else the council chair."""
    if votes.casting_voter:
        return votes.casting_voter
    chair = org.council.chair
    return chair.name if chair else meeting.chair
