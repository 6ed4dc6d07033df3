"""`vigil risk_refresh`: score every institution's places as of today (for a daily cron job).

Pages already queue a recomputation on the first look of a new day; this command lets an
operator have fresh scores before anyone looks, and report figures in the logs.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from vigil.core.models import Institution
from vigil.risk.services.scores import scores_refresh


class Command(BaseCommand):
    help = "Recompute today's risk scores of every institution."

    def handle(self, *args: Any, **options: Any) -> None:
        for institution in Institution.objects.order_by("pk"):
            with timezone.override(zoneinfo.ZoneInfo(institution.time_zone)):
                result = scores_refresh(institution=institution)
            self.stdout.write(
                f"{institution.name}: {result['places']} places scored, "
                f"{result['written']} changed (configuration v{result['version']})."
            )
