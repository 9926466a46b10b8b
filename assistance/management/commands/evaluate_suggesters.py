from django.core.management.base import BaseCommand, CommandError

from assistance.datasets import load_examples
from assistance.evaluation import evaluate


class Command(BaseCommand):
    help = (
        "Train the suggesters on the recommendations of UPR sessions before N and test them on sessions N "
        "and later, from the tracker's database. Prints micro-/macro-F1 and recall@3 per theme scheme, "
        "accuracy and macro-F1 of the action category, and precision/recall at 3 of SDG goals where the "
        "test data has them. Stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--test-from-session", type=int, required=True, metavar="N")

    def handle(self, *args, test_from_session, **options):
        report = evaluate(load_examples(), test_from_session)
        if not report.get("training_seconds"):
            raise CommandError(
                f"Nothing to evaluate: {report['train']} training and {report['test']} test recommendations."
            )
        write = self.stdout.write
        write(
            f"Trained on {report['train']} recommendations (sessions < {test_from_session}) in "
            f"{report['training_seconds']:.1f} s; tested on {report['test']} "
            f"(sessions ≥ {test_from_session})."
        )
        for scheme, f in report["themes"].items():
            write(
                f"Themes [{scheme}] on {f['examples']} recommendations ({f['themes']} themes learned, "
                f"{f['unseen_themes']} unseen in training; threshold {f['threshold']:.2f}): "
                f"micro-F1 {f['micro_f1']:.3f}  macro-F1 {f['macro_f1']:.3f}  recall@3 {f['recall_at_3']:.3f}"
            )
        if "category" in report:
            f = report["category"]
            write(
                f"Action category on {f['examples']} recommendations: "
                f"accuracy {f['accuracy']:.3f}  macro-F1 {f['macro_f1']:.3f}"
            )
        if report["sdg_goals"]:
            f = report["sdg_goals"]
            write(
                f"SDG goals on {f['examples']} recommendations: "
                f"precision@3 {f['precision_at_3']:.3f}  recall@3 {f['recall_at_3']:.3f}"
            )
        else:
            write("SDG goals: no test recommendation has any.")
