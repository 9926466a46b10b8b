"""Write one sample of every report kind in every format, and render each page to PNG to look at.

    manage.py report_samples [--out var/report-samples] [--state KEN] [--no-png]

Runs each report as the worker does (``services.report_job_run``, in this process), for the demo data
or whatever the database holds, as the first coordinator. DOCX and XLSX pages are rendered through
LibreOffice (``soffice --headless --convert-to pdf``), PDF pages with poppler's ``pdftoppm``; ``make
report-samples`` installs both from Debian when missing. CSV and JSON are text: open them.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q

from recommendations.models import Recommendation
from reference.models import State
from reports import services
from reports.models import FORMATS_BY_KIND, Format, Kind, ReportJob

RESOLUTION = 70  # dots per inch: enough to read a page on screen, small enough to look at many
RENDERED_BY_OFFICE = (Format.DOCX, Format.XLSX)


class Command(BaseCommand):
    help = "Write a sample of every report kind and format, and render their pages to PNG."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "report-samples"))
        parser.add_argument(
            "--state", help="ISO3 of the state to report on (default: the most recommendations)"
        )
        parser.add_argument("--no-png", action="store_true", help="write the files only")

    def handle(self, *args, out, state, no_png, **options):
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        coordinator = (
            get_user_model()
            .objects.filter(Q(is_coordinator=True) | Q(is_superuser=True), is_active=True)
            .first()
        )
        if coordinator is None:
            raise CommandError("No coordinator in the database: run `manage.py seed_demo` first.")
        iso3 = state or self._busiest_state()
        picked = list(
            Recommendation.objects.published()
            .filter(review__state__iso3=iso3)
            .order_by("review__year", "paragraph")
            .values_list("public_id", flat=True)[:3]
        )
        tools = not no_png and self._tools()
        for kind in Kind.values:
            scope = {"state": iso3} if kind not in (Kind.OPEN_DATA, Kind.SEARCH) else {}
            if kind == Kind.ONE_YEAR:
                scope["recommendations"] = picked
            if kind == Kind.SEARCH:
                scope = {"search": f"state_under_review={iso3}"}
            for fmt in FORMATS_BY_KIND[kind]:
                path = self._sample(kind, fmt, scope, coordinator, out)
                pages = self._render(path, out) if tools and fmt in (*RENDERED_BY_OFFICE, Format.PDF) else []
                self.stdout.write(f"{path.name}: {path.stat().st_size:,} bytes, {len(pages)} page(s) as PNG")

    def _busiest_state(self) -> str:
        busiest = (
            State.objects.annotate(n=Count("reviews__recommendations"))
            .order_by("-n")
            .values_list("iso3", flat=True)
        )
        return busiest.first() or ""

    def _sample(self, kind, fmt, scope, coordinator, out: Path) -> Path:
        job = ReportJob.objects.create(
            kind=kind,
            fmt=fmt,
            scope=services.scope_clean(scope, kind=kind, user=coordinator),
            requested_by=coordinator,
        )
        services.report_job_run(job_id=job.pk)
        job.refresh_from_db()
        if job.status != ReportJob.Status.DONE:
            raise CommandError(f"{kind} as {fmt} failed: {job.error}")
        target = out / f"{kind.replace('_', '-')}.{fmt}"
        shutil.copyfile(job.file.path, target)
        return target

    def _tools(self) -> bool:
        missing = [tool for tool in ("soffice", "pdftoppm") if not shutil.which(tool)]
        if missing:
            self.stderr.write(
                f"Not rendering pages: {', '.join(missing)} missing (make report-samples installs them)."
            )
        return not missing

    def _render(self, path: Path, out: Path) -> list[Path]:
        """Each page of ``path`` as ``<name>-<fmt>-<page>.png`` in ``out``."""
        pdf = path
        with tempfile.TemporaryDirectory() as scratch:
            if path.suffix != ".pdf":
                profile = Path(scratch) / "profile"  # its own LibreOffice profile: runs beside an open one
                subprocess.run(
                    [
                        "soffice",
                        f"-env:UserInstallation=file://{profile}",
                        "--headless",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        scratch,
                        str(path),
                    ],
                    check=True,
                    capture_output=True,
                    timeout=300,
                )
                pdf = Path(scratch) / f"{path.stem}.pdf"
            prefix = out / f"{path.stem}-{path.suffix[1:]}"
            for old in out.glob(f"{prefix.name}-*.png"):
                old.unlink()
            subprocess.run(
                ["pdftoppm", "-r", str(RESOLUTION), "-png", str(pdf), str(prefix)],
                check=True,
                capture_output=True,
                timeout=300,
            )
        return sorted(out.glob(f"{prefix.name}-*.png"))
