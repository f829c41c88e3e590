"""click's own messages a konwent user can meet, marked so they enter konwent's catalog.

click marks these with gettext in its source (click 8.x); ``cli_i18n.route_click_messages`` sends
them through konwent's catalog. The texts must match click's exactly; one that does not simply
stays English. ``METAVARS`` are the words of the usage names click shows for konwent's
parameters, which ``cli_i18n.TranslatedParameter`` translates. Nothing imports this module: it
exists for message extraction.
"""

from .i18n import N_, ngettext

CLICK_MESSAGES = (
    N_("Usage:"),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Option {name!r} requires an argument."),
    N_("Option {name!r} does not take a value."),
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
    ngettext(
        "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1
    ),
    N_("default: {default}"),
    N_("required"),
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
    N_("{value!r} is not a valid {number_type}."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("integer"),
    N_("float"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
)

# Usage names (metavars) are upper-cased words: an option's is its type's name, an argument's is
# its own name (``@argument("inputs")`` shows ``[INPUTS]``). Mark each new one here; "PDF" is the
# same in every language.
METAVARS = (
    # click's types
    N_("PATH"),
    N_("FILE"),
    N_("DIRECTORY"),
    N_("TEXT"),
    N_("INTEGER"),
    N_("FLOAT"),
    # konwent's arguments
    N_("INPUTS"),
    N_("FOLDER"),
    N_("DOCUMENTS"),
    N_("PDFS"),
    N_("ARCHIVE_ROOT"),
)
