"""The `decide` command line: a thin click layer over the library.

Subcommands are imported only when run, so `decide --help` stays fast.
"""

from __future__ import annotations

import importlib
import io
import os
import sys

import click

from decide import __version__
from decide.cli.common import overlay_options
from decide.errors import DecideError, printable

# Exit codes (CONTRACT section 1, plus 3): 2 is the user's input, 3 is a bug of ours.
EXIT_USAGE = 2
EXIT_INTERNAL = 3

# name -> (module, attribute, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "metrics": ("decide.cli.metrics_cmd", "metrics", "Compute the cell metrics of one design."),
    "check": ("decide.cli.check_cmd", "check", "Run the rules on designs, linter-style."),
    "review": ("decide.cli.report_cmd", "review", "Write a design-review report (PDF or HTML)."),
    "brief": ("decide.cli.report_cmd", "brief", "Write the strategy / policy briefing."),
    "screen": ("decide.cli.screen_cmd", "screen", "Screen a design space; rank; Pareto front."),
    "kb": ("decide.cli.kb_cmd", "kb", "Validate, inspect and export the knowledge graph."),
    "rules": ("decide.cli.rules_cmd", "rules", "List, document and self-test the rules."),
    "schema": ("decide.cli.schema_cmd", "schema", "Print JSON Schemas of the input files."),
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="decide")
@overlay_options
def cli() -> None:
    """Decision support for solid-state battery industrialization.

    Review one cell design, screen a design space, or brief on strategy, all from a sourced
    knowledge graph evaluated by a rule engine.
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point: map user errors to exit code 2 with one clear message, no traceback.

    Anything else that escapes is a bug, not the user's fault: one line saying so, exit code 3,
    and the traceback only with DECIDE_DEBUG=1. Every message is made printable first, since it
    may quote a file name, key or value with terminal escape sequences in it.
    """
    try:
        code = cli.main(args=argv, prog_name="decide", standalone_mode=False)
    except DecideError as exc:
        _say(f"decide: error: {exc.render()}")
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _say("decide: aborted")
        sys.exit(130)
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)
        _say(shown.getvalue().rstrip("\n"))
        sys.exit(EXIT_USAGE if exc.exit_code in (1, 2) else exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        if os.environ.get("DECIDE_DEBUG") == "1":
            raise
        detail = str(exc)[:300]
        _say(
            f"decide: internal error: {type(exc).__name__}"
            + (f": {detail}" if detail else "")
            + " (a bug in decide, not in your input: please report it with the command you ran; "
            "DECIDE_DEBUG=1 shows the traceback)"
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


def run() -> None:
    """The program's entry point (`decide`, `python -m decide`): `main`, then leave at once.

    A report leaves a few hundred thousand objects in reference cycles (WeasyPrint's boxes);
    the interpreter's orderly shutdown would collect and free them one by one, about a quarter
    of a second after the work is done. Every command has closed its files and waited for its
    child processes before it returns, so once the standard streams are flushed there is nothing
    left to tidy: exit straight away. A Dask run keeps the orderly exit (distributed closes its
    clusters at exit). Tests call `main`, which raises SystemExit as usual.
    """
    try:
        main()
    except SystemExit as exc:
        if "distributed" in sys.modules or not (exc.code is None or isinstance(exc.code, int)):
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, ValueError):
            pass
        os._exit(exc.code or 0)


def _say(text: str) -> None:
    """Print a message on stderr, line by line, with control characters escaped."""
    click.echo("\n".join(printable(line) for line in text.split("\n")), err=True)
