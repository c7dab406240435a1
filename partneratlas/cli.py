"""The `partneratlas` console command: Django's manage.py under the project's name.

    partneratlas gazetteer load
    partneratlas registry import FILE [--dry-run] [--report FILE]
    partneratlas registry export --format xlsx --output FILE [filters]
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partneratlas.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
