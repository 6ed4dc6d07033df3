"""`vigil`: everything `manage.py` does, plus Vigil's own commands (demo, audit, keys)."""

import os
import sys


def main() -> None:
    if sys.argv[1:3] == ["keys", "generate"]:
        # Operators need a key before the settings (which require keys) can load.
        import argparse

        from vigil.devenv import new_key

        parser = argparse.ArgumentParser(prog="vigil keys generate")
        parser.add_argument("--id", default="k1", help="Key id to print in front of the key.")
        key_id = parser.parse_args(sys.argv[3:]).id
        sys.stdout.write(f"{key_id}:{new_key()}\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
