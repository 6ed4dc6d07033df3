"""Settings for the test suite: the environment `make test` would give, with fixed test keys.

The keys here are public and only ever protect test data.
"""

import os

os.environ.setdefault("VIGIL_MODE", "test")
os.environ.setdefault("VIGIL_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault(
    "VIGIL_DATA_KEYS", "t1:dGVzdC1kYXRhLWtleS0xLXRoaXJ0eS10d28tYnl0ZXM="
)  # "test-data-key-1-thirty-two-bytes"
os.environ.setdefault("VIGIL_BLIND_INDEX_KEY", "dGVzdC1ibGluZC1pbmRleC1rZXktdGhpcnR5LXR3byE=")
os.environ.setdefault(
    "VIGIL_AUDIT_KEYS", "ta1:dGVzdC1hdWRpdC1jaGFpbi1rZXktMS0zMi1ieXRlcyE="
)  # "test-audit-chain-key-1-32-bytes!"
os.environ.setdefault("VIGIL_MFA_REQUIRED", "true")
os.environ.setdefault("VIGIL_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
if os.environ.get("VIGIL_TEST_DATABASE_URL"):
    os.environ["VIGIL_DATABASE_URL"] = os.environ["VIGIL_TEST_DATABASE_URL"]

from vigil.settings import *  # noqa: F403
from vigil.settings import BASE_DIR, DATABASES, INSTALLED_APPS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: tests read the database's bytes to prove encryption at rest.
    # VIGIL_TEST_SQLITE_NAME lets two runs on one machine use different files.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "VIGIL_TEST_SQLITE_NAME", str(BASE_DIR / "var" / "test-vigil.sqlite3")
        )
    }

# A second alias on the same test database, as a replica would be; tests of the replica
# router switch it on with `settings.VIGIL_READ_REPLICA = "replica"`.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
VIGIL_READ_REPLICA = ""

# A model used only by tests to exercise encryption, rotation and audited reads.
INSTALLED_APPS = [*INSTALLED_APPS, "vigil.core.tests.sensitive"]
