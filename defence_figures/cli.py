"""The defence-figures command: validate the curated corpus, export its figures, print the schema."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from defence_figures import paths
from defence_figures.corpus import draft
from defence_figures.corpus.frames import figures_frame
from defence_figures.corpus.load import LoadResult, load_corpus
from defence_figures.corpus.model import json_schema
from defence_figures.nato.checks import checks_json_schema, cross_problems, load_declarations
from defence_figures.nato.workbook import load_tables, workbook_json_schema


def _load(extra: list[Path] | None = None) -> LoadResult:
    base = paths.root()
    files = sorted(paths.curated_dir(base).glob("*.yaml"))
    for path in extra or []:
        if path.resolve() not in {f.resolve() for f in files}:
            files.append(path)
    return load_corpus(paths.curated_dir(base), paths.sources_dir(base), root=base, paths=files)


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
            print(f"{path}: no such file", file=sys.stderr)
            return 2
    result = _load(wanted)
    tables = load_tables(paths.root())
    declared = load_declarations(paths.root())
    # A check naming a figure or an indicator that is not there would silently drop from the Fact check page.
    cross = cross_problems(declared, figures_frame(result.corpus), result.withheld_figures, tables)
    problems = result.problems + tables.problems + declared.problems + [p for found in cross.values() for p in found]
    if wanted:
        # Other files are loaded too, so references into them resolve; only the named files' problems are shown.
        names = {_display(p) for p in wanted}
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
    print(summary(result, tables))
    return 0


def _display(path: Path) -> str:
    base = paths.root().resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def cmd_export(args: argparse.Namespace) -> int:
    result = _load()
    frame = figures_frame(result.corpus)
    if args.document:
        if args.document not in result.corpus.documents:
            known = ", ".join(sorted(result.corpus.documents))
            print(f"no document '{args.document}'; the documents are: {known}", file=sys.stderr)
            return 2
        frame = frame[frame["document_id"] == args.document]
    if args.format == "csv":
        text = frame.to_csv(index=False)
    else:
        text = json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {len(frame)} figures to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if result.problems:
        print(f"note: {len(result.problems)} problems withheld some figures; run `defence-figures validate`",
              file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    schema = {"curated": json_schema, "workbook": workbook_json_schema, "checks": checks_json_schema}[args.which]()
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if args.check:
        current = Path(args.check).read_text(encoding="utf-8") if Path(args.check).exists() else ""
        if current != text:
            command = "defence-figures schema" + ("" if args.which == "curated" else f" {args.which}")
            print(f"{args.check} is out of date; run `{command} > {args.check}`", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="defence-figures", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="prove every curated figure against its sentence")
    validate.add_argument("paths", nargs="*", help="curated files to report on (default: all of curated/)")
    validate.set_defaults(run=cmd_validate)
    export = sub.add_parser("export", help="write the figures with their provenance columns")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--document", help="only this document's figures (its id)")
    export.add_argument("--output", "-o", help="write to this file instead of standard output")
    export.set_defaults(run=cmd_export)
    schema = sub.add_parser("schema", help="print the JSON Schema of a curated file, a workbook description or a file of checks")
    schema.add_argument("which", nargs="?", choices=["curated", "workbook", "checks"], default="curated",
                        help="curated (curated/*.yaml, the default), workbook (curated/workbooks/*.yaml) "
                             "or checks (curated/checks/*.yaml)")
    schema.add_argument("--check", metavar="FILE", help="exit 1 when FILE differs from the schema")
    schema.set_defaults(run=cmd_schema)
    draft.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
