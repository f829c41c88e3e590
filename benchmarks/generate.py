"""Generate an inputs folder with N declarations (the bundled organisation, no meetings)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "inputs"
TOWNS = ["Żółkiewka", "Łęczna", "Biłgoraj", "Świdnik", "Kraśnik", "Puławy", "Zamość", "Chełm"]


def nip(number: int) -> str:
    """A NIP with a valid check digit, distinct for each ``number``."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    base = 712_000_000 + number * 7
    while True:
        digits = [int(d) for d in f"{base:09d}"]
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check != 10:
            return f"{base:09d}{check}"
        base += 1


def regon(number: int) -> str:
    weights = (8, 9, 2, 3, 4, 5, 6, 7)
    digits = [int(d) for d in f"{30_000_000 + number:08d}"]
    check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def declaration(template: dict, number: int) -> dict:
    data = yaml.safe_load(yaml.safe_dump(template))
    town = TOWNS[number % len(TOWNS)]
    member = data["czlonek"]
    member["id"] = f"CIS-B{number:04d}"
    member["nazwa"] = f"Centrum Integracji Społecznej nr {number} w miejscowości {town}"
    member["nip"], member["regon"] = nip(number), regon(number)
    member.pop("krs", None)
    member["nr_rejestru"] = f"CIS/LUB/{100 + number}/2026"
    member["adres"]["miejscowosc"] = town
    member["przedstawiciel"]["imie_nazwisko"] = f"Łucja Gąsiorowska-{number}"
    data["kierownik"]["imie_nazwisko"] = f"Zdzisław Wężyk-{number}"
    data["miejscowosc"] = town
    return data


def generate(count: int, target: Path) -> Path:
    """Write ``target`` (replaced) with the example organisation and ``count`` declarations."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "deklaracje").mkdir(parents=True)
    for name in ("konwent.yaml", "czlonkowie.csv"):
        shutil.copyfile(EXAMPLE / name, target / name)
    source = sorted((EXAMPLE / "deklaracje").glob("*.yaml"))[0]
    template = yaml.safe_load(source.read_text(encoding="utf-8"))
    for number in range(1, count + 1):
        text = yaml.safe_dump(declaration(template, number), allow_unicode=True, sort_keys=False)
        (target / "deklaracje" / f"2026-b{number:04d}.yaml").write_text(text, encoding="utf-8")
    return target
