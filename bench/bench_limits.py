"""Peak memory of refused uploads: each hostile file is posted to the places import page in a
fresh process, the way a server receives it (the request body streamed from a file, not built
in memory by a test client), and that process's peak resident size (VmHWM) is printed.
The target (issue 13) is under 200 MB for the largest refused upload.

`python -m bench.bench_limits <body file> <boundary> <session cookie>` is the child.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024
Report = Callable[[str, float, str], None]
URL = "/imports/places/"


def _hostile_files() -> list[tuple[str, str, bytes]]:
    from vigil.core.tests import hostile

    return [
        ("50 MB + 1 byte CSV", "places.csv", b"a\n" + b"x" * (50 * MB - 1)),
        ("300 KB workbook, 300 MB sheet", "places.xlsx", hostile.bomb_workbook()),
        ("workbook with lying headers", "places.xlsx", hostile.lying_bomb_workbook()),
        ("overlapping entries, 2 GB", "places.xlsx", hostile.overlapping_workbook()),
        ("CSV line of a million commas", "places.csv", b"a" + b",a" * 1_000_000),
        ("CSV of 200,001 rows", "places.csv", b"a,b\n" + b"1,2\n" * 200_001),
        ("billion laughs", "places.xlsx", hostile.laughing_workbook()),
    ]


def _session_cookie() -> str:
    from vigil.core.middleware import SESSION_INSTITUTION, SESSION_MFA_OK
    from vigil.core.roles import Role
    from vigil.core.services.institutions import institution_create, membership_add, user_create
    from vigil.core.tests.factories import client_for

    institution = institution_create(name="Bench limits", country="Meridia", kind="both")
    user = user_create(email="limits@bench.example", full_name="Bench", password=None)
    membership = membership_add(user=user, institution=institution, role=Role.ADMIN)
    client = client_for(membership)
    assert client.session[SESSION_INSTITUTION] and client.session[SESSION_MFA_OK]
    return client.cookies["sessionid"].value


def _write_body(path: Path, boundary: str, filename: str, content: bytes) -> None:
    with path.open("wb") as body:
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        body.write(content)
        body.write(f"\r\n--{boundary}--\r\n".encode())


def _peak_of(body: Path, boundary: str, cookie: str) -> dict[str, int]:
    child = subprocess.run(  # noqa: S603 (our own module, with our own arguments)
        [sys.executable, "-m", "bench.bench_limits", str(body), boundary, cookie],
        capture_output=True,
        check=True,
        text=True,
        timeout=300,
    )
    result: dict[str, int] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def run(report: Report) -> None:
    cookie = _session_cookie()
    boundary = "vigil-bench-boundary"
    largest = 0
    with tempfile.TemporaryDirectory() as folder:
        body = Path(folder) / "body"
        for label, filename, content in _hostile_files():
            _write_body(body, boundary, filename, content)
            figures = _peak_of(body, boundary, cookie)
            if figures["status"] != 400:
                raise SystemExit(f"{label}: answered {figures['status']}, not a refusal")
            report(
                f"refused: {label} ({len(content) / MB:,.1f} MB), peak", figures["peak"] / MB, "MB"
            )
            if len(content) > largest:
                largest, largest_peak = len(content), figures["peak"]
    report("peak memory of the largest refused upload (target < 200)", largest_peak / MB, "MB")


def _peak_resident() -> int:
    """This process's peak resident size. Not ru_maxrss: Linux carries that over from the
    parent across exec, while VmHWM belongs to this process's own memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child(body_path: str, boundary: str, cookie: str) -> None:
    """Serve one POST whose body is read from a file, as a WSGI server would stream it."""
    import django

    django.setup()
    from django.test.client import ClientHandler

    path = Path(body_path)
    size = path.stat().st_size
    with path.open("rb") as body:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": URL,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "HTTP_COOKIE": f"sessionid={cookie}",
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(size),
            "wsgi.input": body,
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": True,
        }
        # The test client's handler, for its CSRF exemption only; the body is not buffered.
        response = ClientHandler(enforce_csrf_checks=False)(environ)
    sys.stdout.write(json.dumps({"status": response.status_code, "peak": _peak_resident()}) + "\n")


if __name__ == "__main__":
    _child(*sys.argv[1:4])
