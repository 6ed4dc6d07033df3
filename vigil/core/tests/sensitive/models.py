"""A tenant model with encrypted fields, installed only in the test settings.

It lets platform tests prove encryption at rest, key rotation, blind indexes
and audited reads before any domain app exists.
"""

from typing import ClassVar

from django.db import models

from vigil.core.fields import EncryptedJSONField, EncryptedTextField
from vigil.core.models import TenantModel


class Dossier(TenantModel):
    name = EncryptedTextField()
    notes = EncryptedJSONField(null=True, blank=True)
    name_index = models.CharField(max_length=64, db_index=True, blank=True)
    audit_reads: ClassVar[bool] = True

    class Meta:
        app_label = "sensitive_test"
