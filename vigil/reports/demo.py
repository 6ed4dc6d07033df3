"""The demo Commission's annual report for last year, with its narrative chapters written
(demo step)."""

from __future__ import annotations

from django.utils import timezone

from vigil.core.demo.builder import DemoWorld
from vigil.core.models import Membership
from vigil.reports import services
from vigil.reports.models import Chapter

FOREWORD = (
    "<p>This report gives account of the Commission's work as the national preventive "
    "mechanism in {year}. Our teams visited police stations, prisons, immigration detention "
    "and closed wards across the country, most of them unannounced.</p>"
    "<p>Three concerns stand out: the first hours of police custody, where access to a lawyer "
    "and a doctor is still the exception; <strong>overcrowding</strong> in remand prisons; and "
    "the use of prolonged segregation.</p>"
)
CONCLUSIONS = (
    "<p>In the coming year the Commission will:</p>"
    "<ul><li>follow up every urgent finding within a month;</li>"
    "<li>visit each police lock-up not visited for two years;</li>"
    "<li>publish a thematic report on women in detention.</li></ul>"
)


def load_annual_report(world: DemoWorld) -> None:
    if "hrc" not in world.institutions:
        return
    institution = world.institutions["hrc"]
    writer = Membership.objects.for_institution(institution.pk).get(
        user=world.users["monitor@hrc.example"]
    )
    year = timezone.localdate().year - 1
    report = services.annual_report_create(actor=writer, year=year)
    narrative = Chapter.objects.filter(report=report, kind=Chapter.NARRATIVE).order_by("order")
    for chapter, body in zip(narrative, [FOREWORD.format(year=year), CONCLUSIONS], strict=True):
        services.chapter_save(actor=writer, chapter=chapter, title=chapter.title, body=body)
