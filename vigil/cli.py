"""`vigil`: everything `manage.py` does, plus Vigil's own commands (demo, audit, keys)."""

import os
import sys


def main() -> None:
    if sys.argv[1:3] == ["keys", "generate"]:
        # Operators need a key before the settings (which require keys) can load.
        from vigil.devenv import new_key

        key_id = sys.argv[4] if sys.argv[3:4] == ["--id"] and len(sys.argv) > 4 else "k1"
        sys.stdout.write(f"{key_id}:{new_key()}\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
