"""The settings that move parts of Vigil off the machine (ADR 0019) load, pass Django's
checks, and refuse a value they do not know, naming the variable."""

from __future__ import annotations

import pytest

from vigil.core.tests.test_platform import PRODUCTION_ENV, _vigil


def test_the_redis_queue_and_the_s3_bucket_load_and_pass_the_checks():
    env = {
        **PRODUCTION_ENV,
        "VIGIL_TASKS_BACKEND": "rq",
        "VIGIL_REDIS_URL": "redis://127.0.0.1:6399/3",
        "VIGIL_FILE_STORAGE": "s3",
        "VIGIL_S3_BUCKET": "vigil-files",
        "VIGIL_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    result = _vigil(
        "shell", "-c",
        "from django.conf import settings; from django.core.files.storage import storages; "
        "print(settings.TASKS['default']['BACKEND'], 'django_rq' in settings.INSTALLED_APPS, "
        "type(storages['vigil_files']).__name__, storages['vigil_files'].bucket_name)",
        env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # The last line: Django's shell first says how many objects it imported.
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django_tasks_rq.RQBackend",
        "True",
        "S3Storage",
        "vigil-files",
    ]
    checked = _vigil("check", env=env)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"VIGIL_TASKS_BACKEND": "celery"}, "VIGIL_TASKS_BACKEND"),
        ({"VIGIL_FILE_STORAGE": "ftp"}, "VIGIL_FILE_STORAGE"),
        ({"VIGIL_FILE_STORAGE": "s3"}, "VIGIL_S3_BUCKET"),
    ],
)
def test_an_unknown_queue_or_storage_refuses_to_start(variables, named):
    result = _vigil("check", env={**PRODUCTION_ENV, **variables})
    assert result.returncode != 0
    assert named in result.stderr
