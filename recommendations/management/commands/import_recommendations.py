import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.importers import FORMATS, DocumentOptions
from recommendations.services import recommendations_import_files


class Command(BaseCommand):
    help = (
        "Import recommendations from OHCHR Word matrices and thematic lists, UHRI exports, UPR Info exports, "
        "the tracker's own CSV/XLSX template, or any spreadsheet through a column mapping. The format is "
        "recognised from the content unless --format says. All or nothing: any bad row aborts the import "
        "and is listed with the reason. Importing the same file again changes nothing; a corrected file "
        "updates the recommendations in place. Several files are imported together, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--format", choices=sorted(FORMATS), help="detected from the content when not given"
        )
        parser.add_argument(
            "--encoding", help="of CSV files; detected when not given (UTF-8, cp1252, Mac Roman)"
        )
        parser.add_argument(
            "--state", default="", help="OHCHR Word documents: the state under review (name or ISO3)"
        )
        parser.add_argument("--session", default="", help="OHCHR Word documents: the UPR session number")
        parser.add_argument(
            "--symbol", default="", help="OHCHR Word documents: the Working Group report's symbol"
        )
        parser.add_argument(
            "--columns", type=Path, metavar="FILE.json", help="a column mapping for any other spreadsheet"
        )
        parser.add_argument(
            "--all-types",
            action="store_true",
            help="UHRI exports: also import rows that are not recommendations",
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="leave new recommendations unpublished (default: published)",
        )

    def handle(self, *args, paths, format, encoding, dry_run, unpublished, verbosity, **options):
        missing = [str(path) for path in paths if not path.is_file()]
        if options["columns"] is not None and not options["columns"].is_file():
            missing.append(str(options["columns"]))
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        columns = None
        if options["columns"] is not None:
            try:
                columns = json.loads(options["columns"].read_text(encoding="utf-8"))
            except ValueError as error:
                raise CommandError(f"{options['columns']} is not JSON: {error}") from error
        progress = self.stdout.write if verbosity >= 1 else None
        report = recommendations_import_files(
            files=[(path.name, path.read_bytes()) for path in paths],
            format=format,
            encoding=encoding,
            options=DocumentOptions(
                state=options["state"],
                session=options["session"],
                symbol=options["symbol"],
                include_all_types=options["all_types"],
                columns=columns,
            ),
            publish=not unpublished,
            dry_run=dry_run,
            progress=progress,
        )
        if verbosity >= 1:
            for name, chosen in report.formats.items():
                self.stdout.write(f"{name}: {chosen}")
            for name, used in report.encodings.items():
                self.stdout.write(f"{name}: read as {used}")
            for issue in report.duplicates:
                self.stdout.write(f"duplicate {issue}")
            for issue in report.merged:
                self.stdout.write(f"merged {issue}")
            for issue in report.warnings:
                self.stdout.write(f"warning {issue}")
            for issue in report.near_duplicates:
                self.stdout.write(f"near-duplicate {issue}")
            if report.new_themes and report.ok:
                self.stdout.write(f"{len(report.new_themes)} new theme(s): {'; '.join(report.new_themes)}")
            if report.new_groups and report.ok:
                self.stdout.write(
                    f"{len(report.new_groups)} new affected group(s): {'; '.join(report.new_groups)}"
                )
        for issue in report.errors:
            self.stderr.write(str(issue))
        if not report.ok:
            raise CommandError(report.summary())
        if verbosity >= 1:
            timing = (
                f" in {report.seconds:.1f} s ({report.rows_read / max(report.seconds, 1e-9):,.0f} rows/s)"
            )
            self.stdout.write(self.style.SUCCESS(report.summary() + timing))
