"""How fast the assistance trains, suggests and finds related recommendations.

    .venv/bin/python benchmarks/suggesters.py [--data ../shared/data/upr-info] [--train 100000]
        [--skip-database]

1. Training on ``--train`` recommendations (default 100,000): UPR Info's 14,437 real rows, plus copies
   of them with 15% of their words dropped at random (same labels), read from memory. Times what
   ``train_suggesters`` does after reading the database: features, themes, action category, SDG matcher.
   Target: 2 minutes.
2. Suggestions for one recommendation (median of 200) and for 10,000 at once, from the models just
   trained, in memory. Targets: 20 ms and 30 s.
3. The same 10,000 end to end through ``suggestions_create``: read from PostgreSQL, predict, write the
   pending suggestions. It runs in a database of its own, ``benchmark_assistance``, created, migrated
   and filled with the real rows first and dropped at the end (``--skip-database`` leaves it out).
4. Related recommendations for one recommendation among 1,000,000: only the state's own
   recommendations are candidates (1,000,000 / 193 states ≈ 5,200; 8,000 are used, a state with twice
   the average), held in memory as the import's task holds them. Times building that state's index once,
   and the lookup for one recommendation (median of 200). Target: 100 ms.

The load average is printed with the figures: on a shared machine other work slows everything down.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upr_tracker.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from assistance.datasets import Example  # noqa: E402
from assistance.learning.features import TextFeatures  # noqa: E402
from assistance.learning.sdg import SdgMatcher, Target  # noqa: E402
from assistance.related import StateCorpus  # noqa: E402
from assistance.suggesters import SdgSuggester, train_category, train_themes  # noqa: E402
from recommendations.importers import read_table  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "upr-info"
DATABASE = "benchmark_assistance"


def load_rows(data: Path) -> list[dict]:
    rows = [
        cells
        for path in sorted(data.glob("upr-info_sessions_*.csv"))
        for _, cells in read_table(path.read_bytes(), legacy=True).records
    ]
    if not rows:
        raise SystemExit(f"No UPR Info export in {data}")
    return rows


def perturbed(text: str, rng: random.Random) -> str:
    words = text.split()
    kept = [w for w in words if rng.random() > 0.15]
    return " ".join(kept or words)


def examples_from(rows: list[dict], count: int, seed: int = 1) -> list[Example]:
    rng = random.Random(seed)
    examples = []
    while len(examples) < count:
        first_pass = not examples
        for row in rows:
            if len(examples) == count:
                break
            examples.append(
                Example(
                    id=len(examples),
                    text=row["Text"] if first_pass else perturbed(row["Text"], rng),
                    session=int(row["Session"]),
                    action_category=int(row["Action"]),
                    themes={"upr-info": {slugify(i) for i in row["Issue"].split(",") if i.strip()}},
                )
            )
    return examples


def sdg_suggester() -> SdgSuggester:
    import json

    data = json.loads((ROOT / "reference" / "data" / "sdgs.json").read_text())
    targets = [Target(t["code"], t["goal"], t["title"]) for t in data["targets"]]
    goals = {g["number"]: f"{g['short_title']}. {g['title']}" for g in data["goals"]}
    return SdgSuggester(SdgMatcher(targets, goals))


def seconds(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def bench_training(examples: list[Example]):
    print(f"\n1. Training on {len(examples):,} recommendations ({load()})", flush=True)
    texts = [e.text for e in examples]
    features = TextFeatures()
    t_features, X = seconds(lambda: features.fit_transform(texts))
    t_themes, (themes, _) = seconds(lambda: train_themes(examples, X, features))
    t_category, (category, _) = seconds(lambda: train_category(examples, X, features))
    sdg = sdg_suggester()
    t_sdg, _ = seconds(lambda: sdg.matcher.fit(texts))
    total = t_features + t_themes + t_category + t_sdg
    print(
        f"   features {t_features:.1f} s ({X.shape[1]:,} terms), themes {t_themes:.1f} s, category "
        f"{t_category:.1f} s, SDG matcher {t_sdg:.1f} s: total {total:.1f} s (target 120 s)"
    )
    return themes, category, sdg


def predict_all(themes, category, sdg, texts):
    X = themes.features.transform(texts)
    themes.predict(texts, X)
    category.predict(texts)
    sdg.predict(texts)


def bench_suggestions(themes, category, sdg, rows: list[dict]):
    print(f"\n2. Suggestions in memory ({load()})", flush=True)
    texts = [row["Text"] for row in rows]
    rng = random.Random(2)
    one = []
    for _ in range(200):
        text = rng.choice(texts)
        one.append(seconds(lambda text=text: predict_all(themes, category, sdg, [text]))[0])
    print(
        f"   one recommendation: median {statistics.median(one) * 1000:.1f} ms, "
        f"95th percentile {np.percentile(one, 95) * 1000:.1f} ms (target 20 ms)"
    )
    batch = [rng.choice(texts) for _ in range(10_000)]
    elapsed, _ = seconds(lambda: predict_all(themes, category, sdg, batch))
    print(f"   10,000 recommendations: {elapsed:.1f} s (target 30 s)")


def bench_database(themes, category, sdg, data: Path):
    """Suggestions for 10,000 stripped real recommendations, end to end, in a database of its own."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    from assistance.models import Kind
    from assistance.services import suggestions_create
    from assistance.suggesters import store
    from recommendations.models import Recommendation
    from recommendations.services import recommendations_import_files

    print(f"\n3. Suggestions for 10,000 through the database ({load()})", flush=True)
    original = settings.DATABASES["default"]["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    connections["default"].close()
    settings.DATABASES["default"]["NAME"] = DATABASE
    media = Path(settings.MEDIA_ROOT)
    settings.MEDIA_ROOT = str(ROOT / "var" / "benchmark-media")
    try:
        call_command("migrate", verbosity=0)
        call_command("load_reference_data", verbosity=0)
        files = [(p.name, p.read_bytes()) for p in sorted(data.glob("upr-info_sessions_*.csv"))]
        recommendations_import_files(files=files, format="upr-info")
        ids = list(Recommendation.objects.order_by("id").values_list("id", flat=True)[:10_000])
        Recommendation.objects.filter(pk__in=ids).update(action_category=None)
        Recommendation.themes.through.objects.filter(recommendation_id__in=ids).delete()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum does after a bulk load
        for kind, suggester in ((Kind.THEME, themes), (Kind.CATEGORY, category), (Kind.SDG_TARGET, sdg)):
            store(kind, suggester, training_size=0, labels=0, evaluation={}, seconds=0)
        elapsed, created = seconds(lambda: suggestions_create(recommendation_ids=ids))
        print(
            f"   10,000 recommendations: {elapsed:.1f} s, {sum(created.values()):,} suggestions written "
            "(target 30 s)"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE assistance_suggestion")  # autovacuum's job after 30,000 new rows
        one = [seconds(lambda pk=pk: suggestions_create(recommendation_ids=[pk]))[0] for pk in ids[:100]]
        print(f"   one recommendation: median {statistics.median(one) * 1000:.1f} ms (target 20 ms)")
    finally:
        connections["default"].close()
        settings.DATABASES["default"]["NAME"] = original
        settings.MEDIA_ROOT = str(media)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


def bench_related(rows: list[dict]):
    print(f"\n4. Related recommendations, one state's 8,000 of 1,000,000 ({load()})", flush=True)
    rng = random.Random(3)
    size = 8_000
    texts = [perturbed(rng.choice(rows)["Text"], rng) for _ in range(size)]
    reviews = [i // 200 for i in range(size)]  # 200 recommendations per review, as in a UPR review
    periods = [1 + min(i * 4 // size, 3) for i in range(size)]
    years = [2008 + i * 18 // size for i in range(size)]
    elapsed, corpus = seconds(
        lambda: StateCorpus(ids=list(range(size)), texts=texts, reviews=reviews, periods=periods, years=years)
    )
    print(f"   the state's index, built once per state and batch: {elapsed * 1000:.0f} ms")
    lookups = [
        seconds(lambda row=row: corpus.links(np.array([row])))[0] for row in rng.sample(range(size), 200)
    ]
    print(
        f"   one recommendation: median {statistics.median(lookups) * 1000:.1f} ms, "
        f"95th percentile {np.percentile(lookups, 95) * 1000:.1f} ms (target 100 ms)"
    )
    batch = np.array(rng.sample(range(size), 250))
    elapsed, _ = seconds(lambda: corpus.links(batch))
    print(f"   a review's 250 new recommendations at once: {elapsed * 1000:.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--train", type=int, default=100_000)
    parser.add_argument("--skip-database", action="store_true")
    args = parser.parse_args()
    rows = load_rows(args.data)
    themes, category, sdg = bench_training(examples_from(rows, args.train))
    bench_suggestions(themes, category, sdg, rows)
    if not args.skip_database:
        bench_database(themes, category, sdg, args.data)
    bench_related(rows)


if __name__ == "__main__":
    main()
