from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hromada.core import services
from hromada.core.auth import find_user
from hromada.core.models import Hromada
from hromada.core.roles import can, is_operator


class Command(BaseCommand):
    help = "Create a personal API token for a staff account (given by e-mail or phone); prints it once."

    def add_arguments(self, parser):
        parser.add_argument("user", help="e-mail or phone of the account")
        parser.add_argument("--name", default="CLI", help="what the token is for")
        parser.add_argument("--days", type=int, default=None, help="validity in days (default: no expiry)")

    def handle(self, *args, user, name, days, **options):
        account = find_user(user)
        if account is None or not account.is_active:
            raise CommandError(f"No active account {user!r}.")
        hromadas = Hromada.objects.filter(role_assignments__user=account).distinct()
        if not (is_operator(account) or any(can(account, h, "api_tokens.own") for h in hromadas)):
            raise CommandError(f"{user!r} has no staff role; API tokens are for staff.")
        try:
            _token, plain = services.create_token(user=account, name=name, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(plain)
