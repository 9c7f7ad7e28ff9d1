from django.core.management.base import BaseCommand

from hromada.core.demo.seed import seed_demo
from hromada.core.roles import Role


class Command(BaseCommand):
    help = "Load the two demo hromadas (Mohyliv, Slobozhanska) and a demo account for every role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--skip", default="", metavar="APP[,APP]",
                            help="Leave out the demo data of these apps (labels: acts, appeals, participation, cnap…).")

    def handle(self, *args, **options):
        from django.apps import apps
        from django.core.management.base import CommandError

        skip = frozenset(label.strip() for label in options["skip"].split(",") if label.strip())
        unknown = sorted(label for label in skip if label not in {c.label for c in apps.get_app_configs()})
        if unknown:
            raise CommandError(f"Unknown app label(s) for --skip: {', '.join(unknown)}")
        report = seed_demo(skip_apps=skip)
        if report.created:
            made = ", ".join(f"{label}: {n}" for label, n in sorted(report.created.items()))
            self.stdout.write(f"Demo data loaded ({made}).")
        else:
            self.stdout.write("Demo data already present; nothing duplicated.")
        self.stdout.write("")
        self.stdout.write("Demo hromadas: http://mohyliv.localhost:8000/ (default, also http://127.0.0.1:8000/) "
                          "and http://slobozhanska.localhost:8000/")
        self.stdout.write(f"Demo accounts (password: {report.password}):")
        labels = dict(Role.choices) | {"operator": "operator"}
        for hromada, login, role in report.accounts:
            self.stdout.write(f"  {login:32} {labels[role]!s:28} {hromada}")
