"""Polish grammar for documents: the cases of names, the gender of persons, plural forms.

Names are declined with Morfeusz 2 (the SGJP dictionary), loaded only when a name actually needs
it; a form given in the data always wins.
"""

from .cases import Case, InCase, decline, declined, voivodeship_locative
from .gender import Gender, GenderBook, PersonRef, first_name_gender, gendered
from .morfeusz import MorfeuszMissing
from .plural import counted, plural_form

__all__ = [
    "Case",
    "Gender",
    "GenderBook",
    "InCase",
    "MorfeuszMissing",
    "PersonRef",
    "counted",
    "decline",
    "declined",
    "first_name_gender",
    "gendered",
    "plural_form",
    "voivodeship_locative",
]
