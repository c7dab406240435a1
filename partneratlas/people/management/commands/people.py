"""`partneratlas people create-admin EMAIL`: the first site admin, with a verified e-mail address.

At a terminal the password is asked for twice. Without one (a script, a container's entry
point, CI) it is read from the environment variable PARTNERATLAS_ADMIN_PASSWORD; with neither
the command stops with a message and exit code 1. At the first sign-in the admin sets up
two-factor authentication.
"""

import getpass
import os
import sys
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

PASSWORD_VARIABLE = "PARTNERATLAS_ADMIN_PASSWORD"  # noqa: S105 (the name of the variable, not a password)


class Command(BaseCommand):
    help = "Accounts: create the first site admin."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        admin = sub.add_parser("create-admin", help="Create a site admin with a verified e-mail address; without "
                                                    f"a terminal the password comes from {PASSWORD_VARIABLE}.")
        admin.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(_("“%(email)s” is not an e-mail address.") % {"email": email}) from exc
        given = os.environ.get(PASSWORD_VARIABLE, "")
        if not given and not sys.stdin.isatty():
            raise CommandError(_("There is no terminal to ask for the password. Set the environment variable "
                                 "%(variable)s to the new admin's password and run the command again.")
                               % {"variable": PASSWORD_VARIABLE})
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(_("There is already an account for %(email)s.") % {"email": email})
        password = given or self._ask()
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
        try:
            first = getpass.getpass(_("Password: "))
            again = getpass.getpass(_("Password (again): "))
        except (EOFError, KeyboardInterrupt) as exc:
            raise CommandError(_("No password given; nothing was created.")) from exc
        if first != again:
            raise CommandError(_("The two passwords differ."))
        return first
