"""The defence-figures command: validate the curated corpus, export its figures and claims, write a fact sheet, print the schema."""
from __future__ import annotations

import argparse
import errno
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from defence_figures import paths
from defence_figures.corpus import draft
from defence_figures.corpus.accounting import unaccounted_numbers
from defence_figures.corpus.claims import claims_json_schema, load_claims
from defence_figures.corpus.frames import figures_frame, spreadsheet_csv
from defence_figures.corpus.load import LoadResult, load_corpus
from defence_figures.corpus.model import json_schema
from defence_figures.nato.checks import build_checks, checks_json_schema, cross_problems, load_declarations
from defence_figures.nato.outcomes import claim_problems
from defence_figures.nato.workbook import load_tables, workbook_json_schema
from defence_figures.reuse.claimreview import DEFAULT_BASE_URL
from defence_figures.validation import close_match_hint, escape_unprintable


def _curated_files(extra: list[Path]) -> list[Path]:
    """Every file of curated/, then each of extra that is not one of them (by the file it resolves to)."""
    files = sorted(paths.curated_dir().glob("*.yaml"))
    for path in extra:
        if path.resolve() not in {f.resolve() for f in files}:
            files.append(path)
    return files


def _load(files: list[Path] | None = None) -> LoadResult:
    base = paths.root()
    return load_corpus(paths.curated_dir(base), paths.sources_dir(base), root=base,
                       paths=_curated_files([]) if files is None else files)


def printable_path(path: Path | str) -> str:
    """A path as typed, printable anywhere: bytes that are not UTF-8 as \\xff, control characters escaped."""
    try:
        text = os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file-system decoding produced
        text = str(path)
    return escape_unprintable(text)


def summary(result: LoadResult, tables=None) -> str:
    corpus = result.corpus
    text = (f"{len(corpus.documents)} documents, {len(corpus.figures)} figures, "
            f"{len(corpus.comparisons)} passages compared: every figure proven against its sentence")
    if tables is not None:
        text += f"; {len(tables.frame):,} table values from {len(tables.documents)} workbook, checksum and titles verified"
    return text


def cmd_validate(args: argparse.Namespace) -> int:
    wanted = [Path(p) for p in args.paths]
    for path in wanted:
        if not path.exists():
            print(f"{printable_path(path)}: no such file", file=sys.stderr)
            return 2
        if path.is_dir():
            print(f"{printable_path(path)} is a folder; name the curated files in it, such as {printable_path(path / '*.yaml')}",
                  file=sys.stderr)
            return 2
    files = _curated_files(wanted)
    result = _load(files)
    tables = load_tables(paths.root())
    declared = load_declarations(paths.root())
    # A check naming a figure or an indicator that is not there would silently drop from the Fact check page.
    frame = figures_frame(result.corpus)
    cross = cross_problems(declared, frame, result.withheld_figures, tables)
    claims = load_claims(result.corpus, result.withheld_figures, paths.root())
    fact_check = build_checks(tables, frame, declared, result.withheld_figures)
    problems = (result.problems + tables.problems + declared.problems + [p for found in cross.values() for p in found]
                + claims.problems + claim_problems(claims.claims, fact_check, result.corpus.figures)
                + (unaccounted_numbers(result.corpus) if args.every_number else []))
    if wanted:
        # Other files are loaded too, so references into them resolve; only the named files' problems are shown.
        # They are matched by the file each name resolves to, under the name the loader was given for it: a
        # symbolic link in curated/ to a file elsewhere is reported under the link's path, which the resolved
        # target's name never matched.
        targets = {p.resolve() for p in wanted}
        names = {paths.display_path(f, paths.root()) for f in files if f.resolve() in targets}
        problems = [p for p in problems if p.path in names]
    for problem in problems:
        print(problem)
    if problems:
        withheld = len(result.withheld_figures)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}; "
              f"{withheld} figure{'s' if withheld != 1 else ''}, {len(result.withheld_documents)} "
              f"document{'s' if len(result.withheld_documents) != 1 else ''} and "
              f"{len(tables.withheld_indicators)} table indicator{'s' if len(tables.withheld_indicators) != 1 else ''} "
              "withheld from the app")
        return 1
    print(summary(result, tables) + (f"; {len(claims.claims)} claims with their appearances and outcomes" if claims.files else "")
          + ("; every number of every text accounted for" if args.every_number else ""))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.bom and args.format != "csv":
        print("--bom is for CSV: a JSON text must not begin with a byte-order mark (RFC 8259)", file=sys.stderr)
        return 2
    if args.claim is not None and args.format != "claimreview":
        print(f"--claim is for --format claimreview, not {args.format}; the fact sheet of one claim is "
              "`defence-figures factsheet --claim ID -o FILE`", file=sys.stderr)
        return 2
    if args.document is not None and args.format in ("datapackage", "claimreview"):
        print(f"--document is for --format csv, json, bibtex or ris; --format {args.format} exports "
              + ("the whole corpus" if args.format == "datapackage" else "claims (choose one with --claim ID)"),
              file=sys.stderr)
        return 2
    if args.format == "datapackage":
        return _export_datapackage(args)
    if args.format == "claimreview":
        return _export_claimreview(args)
    result = _load()
    frame = figures_frame(result.corpus)
    if args.document and args.document not in result.corpus.documents:
        if args.document in result.withheld_documents:
            print(f"document '{escape_unprintable(args.document)}' is withheld because of problems in its curated file; "
                  "run `defence-figures validate` to see them", file=sys.stderr)
            return 2
        known = ", ".join(sorted(result.corpus.documents))
        print(f"no document '{escape_unprintable(args.document)}'; the documents are: {known}", file=sys.stderr)
        return 2
    if args.document:
        frame = frame[frame["document_id"] == args.document]
    if args.format == "csv":
        text = spreadsheet_csv(frame, bom=args.bom)
    elif args.format in ("bibtex", "ris"):
        text = _citations_text(result, args.format, args.document)
    else:
        text = json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        refusal = write_atomically(Path(args.output), text.encode("utf-8"), replace=args.force)
        if refusal:
            print(refusal, file=sys.stderr)
            return 2
        if args.format in ("bibtex", "ris"):
            documents = 1 if args.document else len(result.corpus.documents)
            print(f"wrote {documents} document{'s' if documents != 1 else ''} and {len(frame)} figures as "
                  f"{'BibTeX' if args.format == 'bibtex' else 'RIS'} to {printable_path(args.output)}", file=sys.stderr)
        else:
            print(f"wrote {len(frame)} figures to {printable_path(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if result.problems:
        print(f"note: {len(result.problems)} problems withheld some figures; run `defence-figures validate`",
              file=sys.stderr)
    return 0


def _citations_text(result: LoadResult, fmt: str, document_id: str | None) -> str:
    """Every document, then every figure (or one document and its figures), as BibTeX or RIS."""
    from defence_figures.reuse import citations

    corpus = result.corpus
    if not document_id:
        return citations.corpus_bibtex(corpus) if fmt == "bibtex" else citations.corpus_ris(corpus)
    document = corpus.documents[document_id]
    figures = [f for f in corpus.figures.values() if f.document_id == document_id]
    if fmt == "bibtex":
        return "\n".join([citations.document_bibtex(document), *(citations.figure_bibtex(f, document) for f in figures)])
    return "".join([citations.document_ris(document), *(citations.figure_ris(f, document) for f in figures)])


def _load_claims_context(result: LoadResult):
    """NATO's tables, the fact checks built on them, the claims and each claim's steps in time."""
    from defence_figures.nato.outcomes import claim_steps

    base = paths.root()
    frame = figures_frame(result.corpus)
    tables = load_tables(base)
    fact_check = build_checks(tables, frame, load_declarations(base), result.withheld_figures)
    claims = load_claims(result.corpus, result.withheld_figures, base)
    by_id = {row["figure_id"]: row for row in frame.to_dict("records")}
    checks = {check.item: check for check in fact_check.checks}
    steps = {claim_id: claim_steps(claim, by_id, checks) for claim_id, claim in claims.claims.items()}
    return tables, fact_check, claims, steps


def _unknown_claim(claim_id: str, claims) -> str:
    """'' when claim_id is a loaded claim, else one line naming the claims (and a close one)."""
    if claim_id in claims.claims:
        return ""
    shown = escape_unprintable(claim_id)
    if not claims.claims:
        where = ", ".join(claims.files) or "curated/claims/"
        return f"no claim '{shown}': no claims are loaded (from {where}); run `defence-figures validate` to see why"
    hint = close_match_hint(claim_id, claims.claims)
    known = ", ".join(claims.claims)
    withheld = "; some claims are withheld because of problems: run `defence-figures validate`" if claims.problems else ""
    listed = f" The claims are: {known}" if hint else f"; the claims are: {known}"
    return f"no claim '{shown}'{hint}{listed}{withheld}"


def _problems_note(result: LoadResult, claims=None) -> None:
    count = len(result.problems) + (len(claims.problems) if claims is not None else 0)
    if count:
        print(f"note: {count} problems withheld some figures or claims; run `defence-figures validate`", file=sys.stderr)


def _claims_asked(args: argparse.Namespace):
    """The corpus, its claims and their steps; None (the reason printed) when --claim names no claim."""
    result = _load()
    _, _, claims, steps = _load_claims_context(result)
    if args.claim is not None:
        message = _unknown_claim(args.claim, claims)
        if message:
            print(message, file=sys.stderr)
            return None
    return result, claims, steps


def _export_claimreview(args: argparse.Namespace) -> int:
    from defence_figures.reuse.claimreview import claim_review, claim_reviews, jsonld_text

    asked = _claims_asked(args)
    if asked is None:
        return 2
    result, claims, steps = asked
    if args.claim is not None:
        document = claim_review(claims.claims[args.claim], result.corpus, steps[args.claim], base_url=args.base_url)
        count = 1
    else:
        document = claim_reviews(claims.claims, result.corpus, steps, base_url=args.base_url)
        count = len(claims.claims)
    text = jsonld_text(document)
    if args.output:
        refusal = write_atomically(Path(args.output), text.encode("utf-8"), replace=args.force)
        if refusal:
            print(refusal, file=sys.stderr)
            return 2
        print(f"wrote the ClaimReview JSON-LD of {count} claim{'s' if count != 1 else ''} "
              f"({len(document['@graph'])} reviews) to {printable_path(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    _problems_note(result, claims)
    return 0


def package_refusal(directory: Path, names: list[str], *, replace: bool) -> str:
    """'' when a Data Package may be written into directory, else why not and what to do."""
    name = printable_path(directory)
    if directory.is_symlink():
        return (f"{name} is a symbolic link; export never writes through a link, even with --force. "
                "Name the folder itself, or another path")
    if directory.exists() and not directory.is_dir():
        return f"{name} is a file; name a folder for the Data Package (it is created when missing)"
    if not directory.exists():
        parent = directory.parent
        if not parent.is_dir():
            what = "is not a folder" if parent.exists() else "does not exist"
            return (f"cannot write {name}: {printable_path(parent)} {what}; create the folder first, "
                    "or choose another path")
        return ""
    for file_name in names:
        target = directory / file_name
        if target.is_symlink():
            return (f"{printable_path(target)} is a symbolic link; export never writes through a link, even with "
                    "--force. Remove it, or choose another folder")
        if target.exists() and not target.is_file():
            return f"{printable_path(target)} is not a regular file; choose another folder"
    present = [n for n in names if (directory / n).exists()]
    if present and not replace:
        return (f"{name} already holds {', '.join(present[:3])}{' ...' if len(present) > 3 else ''}; "
                "pass --force to replace the Data Package, or choose another folder")
    return ""


def _export_datapackage(args: argparse.Namespace) -> int:
    from defence_figures.reuse.datapackage import package_file_names, write_datapackage

    if not args.output:
        print("--format datapackage writes a folder of files: name it with -o DIR", file=sys.stderr)
        return 2
    directory = Path(args.output)
    result = _load()
    tables, fact_check, claims, _ = _load_claims_context(result)
    names = package_file_names()
    refusal = package_refusal(directory, names, replace=args.force)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    try:
        descriptor = write_datapackage(directory, result.corpus, claims.claims, fact_check, tables)
    except OSError as error:
        print(f"cannot write {printable_path(directory)}: {error.strerror or error}", file=sys.stderr)
        return 2
    count = len(claims.claims)
    print(f"wrote a Data Package of {len(names) - 1} resources ({len(result.corpus.documents)} documents, "
          f"{len(result.corpus.figures)} figures, {count} claim{'s' if count != 1 else ''}, {len(tables.frame):,} table values) to "
          f"{printable_path(directory)}; check it with `frictionless validate {printable_path(descriptor)}`",
          file=sys.stderr)
    _problems_note(result, claims)
    return 0


def cmd_factsheet(args: argparse.Namespace) -> int:
    from defence_figures.reuse.factsheet import factsheet_html

    asked = _claims_asked(args)
    if asked is None:
        return 2
    result, claims, steps = asked
    if args.output:
        # Refused before the charts are drawn (seconds each), not after.
        target = Path(args.output)
        early = write_atomically_check(target, replace=args.force)
        if early:
            print(early, file=sys.stderr)
            return 2
    text = factsheet_html(result.corpus, claims.claims, steps, args.claim, draw_charts=False if args.no_chart else None)
    count = len(claims.claims)
    what = (f"claim '{args.claim}'" if args.claim is not None
            else f"the whole statement ({count} claim{'s' if count != 1 else ''})")
    if args.output:
        refusal = write_atomically(Path(args.output), text.encode("utf-8"), replace=args.force)
        if refusal:
            print(refusal, file=sys.stderr)
            return 2
        print(f"wrote the fact sheet of {what} to {printable_path(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    _problems_note(result, claims)
    return 0


def write_atomically_check(target: Path, *, replace: bool) -> str:
    """What write_atomically would refuse before writing anything (it checks again when it writes)."""
    name = printable_path(target)
    if target.is_symlink():
        return (f"{name} is a symbolic link; export never writes through a link, even with --force. "
                "Name the file itself, or another path")
    if target.is_dir():
        return f"{name} is a folder; name a file in it"
    if target.exists() and not replace:
        return f"{name} already exists; pass --force to replace it, or choose another path"
    if target.exists() and not target.is_file():
        return f"{name} is not a regular file (a device or a pipe); choose another path"
    if not target.parent.is_dir():
        what = "is not a folder" if target.parent.exists() else "does not exist"
        return f"cannot write {name}: {printable_path(target.parent)} {what}; create the folder first, or choose another path"
    return ""


def write_atomically(target: Path, data: bytes, *, replace: bool) -> str:
    """Write data to target all at once, or not at all; '' when written, else why not and what to do.

    The bytes go to a temporary file in target's folder, which then takes target's name in one step, so
    an interrupted export never leaves half a file. A symbolic link is refused even when replace is set:
    writing through it would change a file the user never named (a link to curated/x.yaml). Without
    replace, an existing target is refused, also when it appears between the check and the write.
    """
    name = printable_path(target)
    refusal = write_atomically_check(target, replace=replace)
    if refusal:
        return refusal
    if target.exists():
        mode = stat.S_IMODE(target.stat().st_mode)  # replacing keeps the file's permissions
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # what open() would have given a new file
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        return f"cannot write {name}: {error.strerror}"
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), mode)
        if replace:
            os.replace(temporary, target)
        else:
            _link_new(temporary, target)
    except FileExistsError:
        return f"{name} already exists; pass --force to replace it, or choose another path"
    except OSError as error:
        return f"cannot write {name}: {error.strerror}"
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
    return ""


def _link_new(temporary: str, target: Path) -> None:
    """Give the written file target's name only if nothing has it: a hard link fails on any existing name."""
    try:
        os.link(temporary, target)
    except OSError as error:
        # Some file systems (FAT, some network mounts) have no hard links: check, then rename.
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK) or os.path.lexists(target):
            raise
        os.replace(temporary, target)


def cmd_schema(args: argparse.Namespace) -> int:
    schema = {"curated": json_schema, "workbook": workbook_json_schema, "checks": checks_json_schema,
              "claims": claims_json_schema}[args.which]()
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if args.check:
        command = "defence-figures schema" + ("" if args.which == "curated" else f" {args.which}")
        checked, name = Path(args.check), printable_path(args.check)
        if checked.is_dir():
            print(f"{name} is a folder; name the schema file, such as --check {printable_path(checked / f'{args.which}.schema.json')}",
                  file=sys.stderr)
            return 2
        try:
            current = checked.read_bytes()
        except FileNotFoundError:
            print(f"{name}: no such file; write it with `{command} > {name}`", file=sys.stderr)
            return 2
        except OSError as error:
            print(f"cannot read {name}: {error.strerror}", file=sys.stderr)
            return 2
        if current != text.encode("utf-8"):
            print(f"{name} is out of date; run `{command} > {name}`", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="defence-figures", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="prove every curated figure against its sentence")
    validate.add_argument("paths", nargs="*", help="curated files to report on (default: all of curated/)")
    validate.add_argument("--every-number", action="store_true",
                          help="also report each number of a text that no figure proves and no not_figures entry explains")
    validate.set_defaults(run=cmd_validate)
    export = sub.add_parser("export", help="write the figures with their provenance columns")
    export.add_argument("--format", choices=["csv", "json", "datapackage", "claimreview", "bibtex", "ris"], default="csv",
                        help="csv or json: the figures with provenance; datapackage: a Frictionless Data Package in the folder "
                             "-o DIR; claimreview: schema.org ClaimReview JSON-LD of the claims; bibtex or ris: citations "
                             "of every document and figure")
    export.add_argument("--document", help="only this document's figures (its id)")
    export.add_argument("--claim", metavar="ID", help="with --format claimreview: only this claim")
    export.add_argument("--base-url", metavar="URL", default=DEFAULT_BASE_URL,
                        help="with --format claimreview: the address readers reach the app at, for the links inside "
                             f"(default: {DEFAULT_BASE_URL}, where `make run` serves it)")
    export.add_argument("--output", "-o", metavar="FILE",
                        help="write to this file (a folder for datapackage) instead of standard output; refused when it "
                             "exists or is a symbolic link")
    export.add_argument("--force", action="store_true", help="replace FILE when it exists (never through a symbolic link)")
    export.add_argument("--bom", action="store_true",
                        help="begin the CSV with a UTF-8 byte-order mark, so Excel on Windows reads its accents and signs")
    export.set_defaults(run=cmd_export)
    factsheet = sub.add_parser("factsheet", help="write one self-contained HTML fact sheet of a claim or of the whole statement")
    factsheet.add_argument("--claim", metavar="ID", help="only this claim (default: the whole statement and every claim)")
    factsheet.add_argument("--output", "-o", metavar="FILE",
                           help="write to this file instead of standard output; refused when FILE exists or is a symbolic link")
    factsheet.add_argument("--force", action="store_true", help="replace FILE when it exists (never through a symbolic link)")
    factsheet.add_argument("--no-chart", action="store_true",
                           help="do not draw the charts (they need Chromium); their numbers are in tables either way")
    factsheet.set_defaults(run=cmd_factsheet)
    schema = sub.add_parser("schema", help="print the JSON Schema of a curated file, a workbook description, a file of checks "
                                           "or a file of claims")
    schema.add_argument("which", nargs="?", choices=["curated", "workbook", "checks", "claims"], default="curated",
                        help="curated (curated/*.yaml, the default), workbook (curated/workbooks/*.yaml), "
                             "checks (curated/checks/*.yaml) or claims (curated/claims/*.yaml)")
    schema.add_argument("--check", metavar="FILE", help="exit 1 when FILE differs from the schema")
    schema.set_defaults(run=cmd_schema)
    draft.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
