"""`partneratlas people create-admin EMAIL`: the first site admin, with a verified e-mail address.

The password is asked for twice (or read from the environment variable PARTNERATLAS_ADMIN_PASSWORD,
for automated set-ups). At the first sign-in the admin sets up two-factor authentication.
"""

import getpass
import os
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Accounts: create the first site admin."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        admin = sub.add_parser("create-admin", help="Create a site admin with a verified e-mail address.")
        admin.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(_("“%(email)s” is not an e-mail address.") % {"email": email}) from exc
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(_("There is already an account for %(email)s.") % {"email": email})
        password = os.environ.get("PARTNERATLAS_ADMIN_PASSWORD") or self._ask()
        user = User(username=email.split("@")[0][:150], email=email, is_staff=True, is_superuser=True)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            if User.objects.filter(username=user.username).exists():
                user.username = email[:150]
            user.set_password(password)
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.stdout.write(_("Site admin %(email)s created. At the first sign-in you set up two-factor "
                            "authentication.") % {"email": email})

    def _ask(self) -> str:
        first = getpass.getpass(_("Password: "))
        if first != getpass.getpass(_("Password (again): ")):
            raise CommandError(_("The two passwords differ."))
        return first
