from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.importers import FORMATS
from recommendations.services import recommendations_import_files


class Command(BaseCommand):
    help = (
        "Import recommendations from UPR Info exports, OHCHR thematic lists or the tracker's own CSV/XLSX "
        "template. All or nothing: any bad row aborts the import and is listed with the reason. Importing "
        "the same file again changes nothing; a corrected file updates the recommendations in place. "
        "Several files of one format are imported together, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--encoding", help="of CSV files; detected when not given (UTF-8, cp1252, Mac Roman)"
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="leave new recommendations unpublished (default: published)",
        )

    def handle(self, *args, paths, format, encoding, dry_run, unpublished, verbosity, **options):
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        progress = self.stdout.write if verbosity >= 1 else None
        report = recommendations_import_files(
            files=[(path.name, path.read_bytes()) for path in paths],
            format=format,
            encoding=encoding,
            publish=not unpublished,
            dry_run=dry_run,
            progress=progress,
        )
        if verbosity >= 1:
            for name, used in report.encodings.items():
                self.stdout.write(f"{name}: read as {used}")
            for issue in report.duplicates:
                self.stdout.write(f"duplicate {issue}")
            for issue in report.near_duplicates:
                self.stdout.write(f"near-duplicate {issue}")
            if report.new_themes and report.ok:
                self.stdout.write(f"{len(report.new_themes)} new theme(s): {'; '.join(report.new_themes)}")
        for issue in report.errors:
            self.stderr.write(str(issue))
        if not report.ok:
            raise CommandError(report.summary())
        if verbosity >= 1:
            timing = (
                f" in {report.seconds:.1f} s ({report.rows_read / max(report.seconds, 1e-9):,.0f} rows/s)"
            )
            self.stdout.write(self.style.SUCCESS(report.summary() + timing))
