"""The full-text index: one row per indexed record, clear text only (ADR 0023).

On SQLite an FTS5 table (`search_fts`) reads `title` and `body` of these rows, kept in step
by triggers; on PostgreSQL a generated `tsvector` column (`vector`) with a GIN index does.
Both are created by migration 0001 for the database in use, so neither appears here.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from vigil.core.models import Institution
from vigil.core.tenancy import TenantManager


class SearchDocument(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    on_date = models.DateField(null=True, blank=True)
    # Facets, as plain ids: the index reads other apps' records only through their kinds.
    place_id = models.BigIntegerField(null=True, blank=True)
    place_kind_id = models.BigIntegerField(null=True, blank=True)
    area_id = models.BigIntegerField(null=True, blank=True)
    theme_ids = models.CharField(max_length=300, blank=True)  # "|3|7|"
    severity = models.CharField(max_length=16, blank=True)

    objects = TenantManager["SearchDocument"]()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_one_per_record"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "kind", "on_date"], name="search_by_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
