"""What pyproject.toml cannot say: two build steps for konwent's package data.

- The bundled Word templates stay at the top of the repository (``templates/``, where template
  authors look for them) and are installed as the package ``pipeline.templates``: a package-dir
  mapping, which setuptools honours both in a wheel and in an editable install.
- The message catalogs are committed as ``.po`` only; every build compiles them to ``.mo`` (with
  babel, a build requirement), so a wheel made from a clean checkout speaks Polish.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
LOCALE = Path("pipeline", "locale")
DOMAIN = "konwent"


def compile_catalogs(source: Path, target: Path) -> list[Path]:
    """Compile every ``<lang>/LC_MESSAGES/konwent.po`` under ``source`` to a ``.mo`` under
    ``target``; the files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with open(po, "rb") as handle:
            catalog = read_po(handle, locale=po.parts[-3], domain=DOMAIN)
        with open(mo, "wb") as handle:
            write_mo(handle, catalog)
        written.append(mo)
    return written


class BuildWithCatalogs(build_py):
    """build_py that also compiles the catalogs: into the build tree for a wheel, beside the
    ``.po`` files for an editable install (which reads the source tree)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            compile_catalogs(HERE / LOCALE, HERE / LOCALE)
        else:
            built = compile_catalogs(HERE / LOCALE, Path(self.build_lib) / LOCALE)
            self._catalogs = [str(mo) for mo in built]

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "_catalogs", [])]


setup(
    packages=[*find_namespace_packages(include=["pipeline*"]), "pipeline.templates"],
    package_dir={"pipeline.templates": "templates"},
    cmdclass={"build_py": BuildWithCatalogs},
)
