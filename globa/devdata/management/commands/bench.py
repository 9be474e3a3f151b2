"""``globa bench --tier national --json bench.json``: page times and queries at a tier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import Client
from django.test.utils import override_settings

from globa.devdata import bench
from globa.devdata.generate import TIERS

PARTS = ("pages", "matching", "import", "monitoring")


class Command(BaseCommand):
    help = "Measure server time (p50, p95) and queries of the main pages on generated data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tier", choices=sorted(TIERS), required=True)
        parser.add_argument("--json", type=Path, default=None, help="write the results here")
        parser.add_argument("--repeat", type=int, default=50, help="timed requests per page")
        parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
        parser.add_argument(
            "--import-rows",
            type=int,
            default=bench.IMPORT_ROWS,
            help="children in the import file whose dry run is timed (0: none)",
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=PARTS,
            help="measure only this part (repeatable; default: all of them)",
        )
        parser.add_argument(
            "--show-queries",
            action="store_true",
            help="also print each page's queries, slowest first",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tier = TIERS[options["tier"]]
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1.")
        parts = set(options["only"] or PARTS)
        results: list[bench.Result] = []
        if "pages" in parts:
            try:
                results = bench.run(
                    tier,
                    repeat=options["repeat"],
                    warmup=options["warmup"],
                    echo=self.stdout.write,
                )
            except bench.BenchError as error:
                raise CommandError(str(error)) from error
        matching = (
            bench.run_matching(
                tier, repeat=options["repeat"], warmup=options["warmup"], echo=self.stdout.write
            )
            if "matching" in parts
            else []
        )
        imported = (
            bench.run_import(rows=options["import_rows"], echo=self.stdout.write)
            if options["import_rows"] and "import" in parts
            else None
        )
        monitoring = (
            bench.run_monitoring(
                tier,
                repeat=max(1, options["repeat"] // 2),
                warmup=options["warmup"],
                echo=self.stdout.write,
            )
            if "monitoring" in parts
            else []
        )
        if results:
            self.stdout.write("")
            self.stdout.write(bench.table(results))
        if monitoring:
            self.stdout.write("")
            self.stdout.write(bench.monitoring_table(monitoring))
        if imported is not None:
            self.stdout.write("")
            self.stdout.write(bench.import_table(imported))
        if matching:
            self.stdout.write("")
            self.stdout.write(bench.matching_table(matching))
        if options["json"]:
            bench.write_json(options["json"], tier.name, results, matching, imported, monitoring)
            self.stdout.write(f"Written to {options['json']}")
        if options["show_queries"]:
            self._show_queries()
        missed = [r.name for r in results if not r.meets_target]
        missed += [r.name for r in matching if not r.meets_target]
        missed += [r.name for r in monitoring if not r.meets_target]
        if imported is not None and not imported.meets_target:
            missed.append(imported.name)
        if missed:
            self.stdout.write(self.style.WARNING(f"Target missed by: {', '.join(missed)}"))

    def _show_queries(self) -> None:
        subjects = bench.pick_subjects()
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            client = Client()
            client.force_login(subjects.coordinator)
            case_client = Client()
            if subjects.case_manager is not None:
                case_client.force_login(subjects.case_manager)
            for name, url in bench.page_urls(subjects).items():
                who = case_client if name == "case_page" else client
                if name.startswith("assessment_") and subjects.assessments is not None:
                    who = Client()
                    found = subjects.assessments
                    who.force_login(found.reader if name == "assessment_result" else found.drafter)
                queries = bench.captured_queries(who, name, url)
                self.stdout.write(f"\n{name} ({len(queries)} queries), slowest first:")
                for query in sorted(queries, key=lambda q: -float(q["time"]))[:8]:
                    self.stdout.write(
                        f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}"
                    )
