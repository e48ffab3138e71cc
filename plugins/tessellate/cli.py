"""The `build.py` command line: check, build, serve, newsletter. Coordinators see messages, never tracebacks."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from pathlib import Path

from . import mkdocs_links, publish, terminal
from .model import Catalogue, summary
from .model.kinds import in_words

log = logging.getLogger("tessellate")


def main(argv: list[str] | None = None) -> int:
    # Material announces MkDocs 2.0 on every run; Tessellate pins MkDocs 1.x, so the notice is noise here.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = _parser().parse_args(argv)
    _configure_logging(args.quiet, args.verbose)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last guard between a coordinator and a traceback
        from .failures import explain

        if args.verbose:
            raise
        if problem := explain(error):  # a broken template or a full disk: the maintainer's to fix
            print(f"error: {problem}", file=sys.stderr)
            return 1
        print(f"error: the build stopped unexpectedly: {error.__class__.__name__}: {error}\n"
              f"  (run again with --verbose for details, and report it to the site's maintainer)", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build, check and preview a Tessellate site.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{build,check,serve,new,guide,newsletter}")
    for name, run, text in (("build", _build, "check the content, then build the site"),
                            ("check", _check, "report every problem in the content"),
                            ("serve", _serve, "preview the site, rebuilding on every change"),
                            ("new", _new, "start a new resource, CPD video, story or event, as a draft"),
                            ("guide", _guide, "write the content guide (docs/CONTENT.md) from the content model"),
                            ("newsletter", _newsletter, "write a newsletter of the items published in a date range")):
        command = commands.add_parser(name, help=text, description=text)
        command.set_defaults(run=run)
        command.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), metavar="FILE",
                             help="the site's mkdocs.yml (default: ./mkdocs.yml)")
        command.add_argument("-s", "--strict", action="store_true", help="treat warnings as errors")
        command.add_argument("-q", "--quiet", action="store_true", help="only show problems")
        command.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' own messages and details")
        if name == "build":
            command.add_argument("-d", "--site-dir", type=Path, help="where to write the site (default: site_dir of mkdocs.yml)")
        if name == "serve":
            command.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
        if name == "new":
            command.add_argument("kind", help=in_words())
            command.add_argument("title", help="the title, in quotes; the file name is made from it")
            command.add_argument("--topic", action="append", default=[], metavar="ID", help="a topic id (repeatable)")
            command.add_argument("--phase", action="append", default=[], metavar="ID", help="a phase id (repeatable)")
            command.add_argument("--unit", action="append", default=[], metavar="ID",
                                 help="a curriculum unit id (repeatable)")
        if name == "guide":
            command.add_argument("-o", "--output", type=Path, metavar="FILE",
                                 help="where to write it (default: docs/CONTENT.md beside mkdocs.yml)")
        if name == "newsletter":
            _newsletter_arguments(command)
    return parser


def _configure_logging(quiet: bool, verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s" if verbose else "%(message)s"))
    for name in ("mkdocs", "properdocs", "tessellate"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    # MkDocs' own progress lines are noise to a coordinator unless asked for.
    if not verbose:
        from .failures import ExplainedElsewhere

        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        handler.addFilter(ExplainedElsewhere())  # the one line said once, not after MkDocs' own


def _load(args: argparse.Namespace, **options):
    """The site's MkDocs config and its content, or None after saying what is wrong."""
    from .pages.nav_check import nav_problems

    config = _load_config(args, **options)
    if config is None:
        return None
    catalogue = config.plugins["tessellate"].read_content(config)
    catalogue.problems.extend(nav_problems(config, catalogue))
    return config, catalogue


def _load_config(args: argparse.Namespace, **options):
    """The site's MkDocs config with valid tessellate settings, or None after saying what is wrong."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    from .pages.config import setting_problems
    from .pages.config_file import ConfigFile, hearing

    config_file = args.config_file.resolve()
    if not config_file.is_file():
        print(f"error: {args.config_file}: no such file (give the site's mkdocs.yml with -f)", file=sys.stderr)
        return None
    settings, problems = ConfigFile.read(config_file, terminal.shown(config_file))
    failed = None
    if not problems:
        with hearing() as heard:
            try:
                config = load_config(str(config_file), **options)
            except (exceptions.ConfigurationError, exceptions.Abort) as error:
                failed = error
        for complaint in heard:
            for line, stops in settings.explain(complaint):
                if stops:
                    problems.append(line)
                else:
                    log.warning(line)
    if problems or failed:
        lines = [f"error: {problem}" for problem in problems] or [f"error: {args.config_file}: {failed}"]
        print("\n".join(lines), file=sys.stderr)
        return None
    plugin = config.plugins.get("tessellate")
    if plugin is None:
        print(f"error: {args.config_file}: the tessellate plugin is not listed under plugins:", file=sys.stderr)
        return None
    if problems := setting_problems(plugin.config):
        print("\n".join(f"error: {settings.problem(('plugins', 'tessellate', *p.where), f'tessellate.{p.field}', p.text)}"
                        for p in problems), file=sys.stderr)
        return None
    return config


def _report(catalogue: Catalogue, strict: bool, quiet: bool = False) -> bool:
    """Print every problem, one per line, then a count (unless quiet and clean); True when the content may be built."""
    here = Path.cwd()
    colour = terminal.use_colour(sys.stdout)
    for problem in catalogue.problems:
        print(terminal.problem_line(problem.shown_from(here), colour), file=sys.stdout)
    if catalogue.problems or not quiet:
        print(summary(catalogue.problems, catalogue.files_checked), file=sys.stdout, flush=True)
    return not catalogue.errors and not (strict and catalogue.problems)


def _check(args: argparse.Namespace) -> int:
    loaded = _load(args)
    return 0 if loaded and _report(loaded[1], args.strict, args.quiet) else 1


def _build(args: argparse.Namespace) -> int:
    site_dir = {"site_dir": str(args.site_dir.resolve())} if args.site_dir else {}
    loaded = _load(args, strict=args.strict, **site_dir)
    if loaded is None or not _report(loaded[1], args.strict, args.quiet):
        print("The site was not built; the previous site is unchanged.", file=sys.stderr)
        return 1
    started = time.monotonic()
    config, catalogue = loaded
    target = Path(config.site_dir)
    config.plugins["tessellate-progress"] = terminal.Progress(sys.stderr, show=not args.quiet)
    warnings, shown = terminal.WarningCounter(), terminal.AlreadyShown(catalogue.problems)
    logging.getLogger("mkdocs").addHandler(warnings)
    logging.getLogger("mkdocs.plugins.tessellate").addFilter(shown)
    retold = mkdocs_links.Retold(catalogue, Path.cwd()).attach()  # MkDocs' link warnings, as check words them
    try:
        with publish.exclusive(target):
            built = _build_and_publish(config, target)
    except publish.BuildLocked as owner:
        print(f"error: another build ({owner}) is writing {os.path.relpath(target)}; "
              "wait for it to finish, then build again", file=sys.stderr)
        return 1
    except Exception as error:  # a broken template or a full disk is one line; anything else reaches the guard
        from .failures import explain

        if args.verbose or not (problem := explain(error, target)):
            raise
        print(f"error: {problem}\nThe site was not built; the previous site is unchanged.", file=sys.stderr)
        return 1
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
        logging.getLogger("mkdocs.plugins.tessellate").removeFilter(shown)
        retold.detach()
    if built and not args.quiet:
        problems = sum(1 for p in catalogue.problems if not p.is_error)
        print(terminal.summary_line(target, problems + warnings.count, time.monotonic() - started,
                                    os.path.relpath(target)), file=sys.stderr)
    return 0 if built else 1


def _build_and_publish(config, target: Path) -> bool:
    """Build into a staging folder and swap it in; False, after saying why, when the old site stays."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build

    staging = publish.staging_dir(target)
    config.site_dir = str(staging)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    except (exceptions.Abort, exceptions.BuildError, exceptions.ConfigurationError) as error:
        publish.discard(staging)
        print(f"error: {error}\nThe site was not built; the previous site is unchanged.", file=sys.stderr)
        return False
    except BaseException:
        publish.discard(staging)
        raise
    finally:
        config.plugins.on_shutdown()
    try:
        publish.publish(staging, target)
    except OSError as error:
        publish.discard(staging)
        print(f"error: the new site could not replace {os.path.relpath(target)}: {error.strerror or error}\n"
              "The previous site is unchanged.", file=sys.stderr)
        return False
    return True


def _serve(args: argparse.Namespace) -> int:
    from mkdocs import exceptions

    from .preview import serve

    if not args.config_file.is_file():
        print(f"error: {args.config_file}: no such file (give the site's mkdocs.yml with -f)", file=sys.stderr)
        return 1
    if not args.quiet:
        logging.getLogger("tessellate").setLevel(logging.INFO)
    if not args.verbose:  # a request for a page that does not exist yet is not a coordinator's problem
        logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)
    # Stopped by a process manager (SIGTERM) as by Ctrl+C, so the preview's temporary folder is removed.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        serve(args.config_file.resolve(), args.dev_addr, args.strict,
              lambda catalogue: _report(catalogue, args.strict, args.quiet))
    except (exceptions.Abort, exceptions.ConfigurationError) as error:
        print(f"error: {args.config_file}: {error}\nThe preview did not start.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: cannot serve on {args.dev_addr}: {error.strerror or error}"
              f" (give another address with -a, e.g. -a 127.0.0.1:8001)", file=sys.stderr)
        return 1
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _new(args: argparse.Namespace) -> int:
    from . import scaffold
    from .model import load_catalogue

    site = _load_site(args)
    if site is None:
        return 1
    # Drafts and future items hold their names too; a preview catalogue includes them.
    taken = {f"{item.kind}/{item.slug}": item.source for item in load_catalogue(site, preview=True).items}
    try:
        result = scaffold.scaffold(site, args.kind, args.title, args.topic, args.phase, taken=taken,
                                   units=args.unit)
        scaffold.write(result)
    except (scaffold.ScaffoldError, FileExistsError) as error:
        message = str(error) if isinstance(error, scaffold.ScaffoldError) else f"{error.filename} already exists"
        print(f"error: {message}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"Wrote {os.path.relpath(result.path)}: a draft until you remove 'draft: true'.")
    return 0


def _guide(args: argparse.Namespace) -> int:
    from .guide import guide_markdown

    site = _load_site(args)
    if site is None:
        return 1
    target = args.output or args.config_file.resolve().parent / "docs" / "CONTENT.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(guide_markdown(site) + "\n", encoding="utf-8")
    log.info(f"Wrote {os.path.relpath(target)}")
    return 0


def _load_site(args: argparse.Namespace):
    """The model's Site for the config file, or None after saying what is wrong; the content is not read."""
    from .pages.config import site_from_config

    config = _load_config(args)
    return None if config is None else site_from_config(config, config.plugins["tessellate"].config)


def _newsletter_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--since", required=True, metavar="DATE", help="first day, as YYYY-MM-DD")
    command.add_argument("--until", metavar="DATE", help="last day, as YYYY-MM-DD (default: today)")
    command.add_argument("--title", default="", help="the newsletter's title")
    command.add_argument("--intro", type=Path, metavar="FILE.md", help="an introduction, written in Markdown")
    command.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.html",
                         help="where to write the email (its plain-text twin goes beside it as FILE.txt)")


def _newsletter(args: argparse.Namespace) -> int:
    from .pages.config import share_options
    from .share import newsletter as letter

    try:
        since = letter.parse_date(args.since, "--since")
        until = letter.parse_date(args.until, "--until") if args.until else None
        if until:
            letter.check_range(since, until)
        if args.intro and not args.intro.is_file():
            raise letter.NewsletterError(f"--intro {args.intro}: no such file")
        loaded = _load(args)
        if loaded is None or (loaded[1].errors and not _report(loaded[1], args.strict)):
            print("The newsletter was not written: fix the problems above.", file=sys.stderr)
            return 1
        config, catalogue = loaded
        intro = ("", "")
        if args.intro:
            text = args.intro.read_text(encoding="utf-8")
            intro = (letter.intro_html(text, config.markdown_extensions, config.mdx_configs, catalogue.site.embeds), text)
        made = letter.newsletter(catalogue, share_options(config.plugins["tessellate"].config), since, until,
                                 args.title, intro)
    except letter.NewsletterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    html, text = letter.write(made, args.output)
    print(f"Wrote {made.count} item(s) to {html} and {text}", file=sys.stderr)
    return 0
