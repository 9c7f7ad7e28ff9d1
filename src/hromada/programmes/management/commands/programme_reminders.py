"""Daily job: remind responsible units of monitoring reports due soon or overdue (the scheduled job, or by hand)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from hromada.programmes.services.monitoring import send_reminders


class Command(BaseCommand):
    help = ("Remind units whose programme monitoring report is due soon or overdue (notices to the unit's heads on "
            "their channels, e-mail to the unit's mailbox); each reminder goes once.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD); for catching up.")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, got {options['date']!r}") from None
        sent = send_reminders(today)
        self.stdout.write(f"Reminders sent: {sent}.")
