"""What the demo teams recorded on site: filled checklists, observations, register checks
and the findings that rest on them."""

# ruff: noqa: E501

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from vigil.core.audit import PendingEvent
from vigil.places.models import Place, PopulationSnapshot
from vigil.visits.demo.answers import ANSWERS
from vigil.visits.demo.content import (
    CO,
    COMMISSIONER,
    FINDINGS,
    FORM_OF,
    OBSERVATIONS,
    ON_SITE_OR_LATER,
    REGISTERS,
    SE,
    UR,
    URGENT,
    FindingSpec,
    S,
)
from vigil.visits.demo.outline import Outline, Planner, _add_months
from vigil.visits.models import ChecklistSubmission, Finding, Observation, RegisterCheck, VisitType
from vigil.visits.xlsform import evaluate_form


class Recorder(Planner):
    """Writes what the teams recorded at the visits that were made."""

    # --- what the teams recorded ------------------------------------------------------

    def population_at(self, place: Place, day: date) -> int | None:
        counts = self.counts.get(place.pk, [])
        earlier = [total for counted_on, total in counts if counted_on <= day]
        return earlier[-1] if earlier else place.population

    def records(self, outlines: list[Outline]) -> None:
        rng = self.rng
        for place_id, counted_on, total in (
            PopulationSnapshot.objects.for_institution(self.institution.pk)
            .filter(source=PopulationSnapshot.Source.OFFICIAL)
            .order_by("counted_on")
            .values_list("place_id", "counted_on", "total")
        ):
            self.counts[place_id].append((counted_on, total))

        made = [p for p in outlines if p.status in ON_SITE_OR_LATER and p.visit]
        submissions, observations, checks = [], [], []
        for outline in made:
            assert outline.visit is not None
            visit, day = outline.visit, outline.day
            last = outline.ends_on or day
            population = self.population_at(outline.place, day)
            capacity = outline.place.capacity
            badness = min(
                1.0,
                0.25
                + rng.random() * 0.5
                + (0.25 if capacity and population and population > capacity else 0),
            )
            outline.badness = badness
            version, definition = self.versions[FORM_OF[outline.group]]
            answers = ANSWERS[outline.group](rng, outline, population, capacity, badness)
            if outline.status == S.ON_SITE:
                answers = dict(list(answers.items())[: len(answers) // 2])
            state = evaluate_form(definition, answers, definition.default_language)
            odk = outline.status != S.ON_SITE and rng.random() < 0.2
            submissions.append(
                ChecklistSubmission(
                    institution=self.institution,
                    visit=visit,
                    version=version,
                    answers=state.cleaned_answers,
                    is_complete=outline.status != S.ON_SITE and state.is_complete,
                    source=ChecklistSubmission.Source.ODK if odk else ChecklistSubmission.Source.BROWSER,
                    external_id=f"uuid:{rng.getrandbits(128):032x}" if odk else "",
                    started_by=self.leader(outline),
                    updated_at=self.stamp(last, 18),
                )
            )  # fmt: skip
            members = self.members(outline)
            bank = [(t, x) for t, x in OBSERVATIONS[outline.group] if self.fits(outline, t)]
            for index, (theme, text) in enumerate(rng.sample(bank, rng.randint(2, 4))):
                observations.append(
                    Observation(
                        institution=self.institution,
                        visit=visit,
                        theme=self.themes[theme],
                        text=text.format(n=population or rng.randint(10, 40), days=rng.randint(16, 60)),
                        created_by=members[index % len(members)],
                        created_at=self.stamp(day, 10 + index),
                    )
                )  # fmt: skip
            for register, problem in rng.sample(
                REGISTERS[outline.group], rng.randint(1, min(2, len(REGISTERS[outline.group])))
            ):
                examined = rng.randint(20, 220)
                irregular = min(examined, int(examined * badness * rng.uniform(0.05, 0.3)))
                checks.append(
                    RegisterCheck(
                        institution=self.institution,
                        visit=visit,
                        register=register,
                        period_from=_add_months(day, -3),
                        period_to=day,
                        entries_examined=examined,
                        irregularity_count=irregular,
                        irregularities=problem.format(k=irregular) if irregular else "",
                        created_by=members[-1],
                        created_at=self.stamp(day, 14),
                    )
                )
        ChecklistSubmission.objects.bulk_create(submissions)
        Observation.objects.bulk_create(observations)
        RegisterCheck.objects.bulk_create(checks)
        for s in submissions:
            if s.source == ChecklistSubmission.Source.ODK:
                self.events.append(
                    PendingEvent(
                        "checklist.imported",
                        s,
                        {"visit": s.visit_id, "source": "odk", "demo": True},
                    )
                )
            else:
                self.events.append(
                    PendingEvent("checklist.started", s, {"visit": s.visit_id, "demo": True})
                )
                if s.is_complete:
                    self.events.append(PendingEvent("checklist.completed", s, {"demo": True}))
        self.events += [
            PendingEvent("visit.observation_added", o, {"visit": o.visit_id, "demo": True})
            for o in observations
        ]
        self.events += [PendingEvent("visit.register_checked", c, {"visit": c.visit_id, "register": c.register, "demo": True}) for c in checks]  # fmt: skip
        self.findings(made, submissions, observations, checks)

    def findings(
        self,
        made: list[Outline],
        submissions: list[ChecklistSubmission],
        observations: list[Observation],
        checks: list[RegisterCheck],
    ) -> None:
        rng = self.rng
        by_visit_obs: dict[int, list[Observation]] = defaultdict(list)
        by_visit_checks: dict[int, list[RegisterCheck]] = defaultdict(list)
        submission_of = {s.visit_id: s for s in submissions}
        for o in observations:
            by_visit_obs[o.visit_id].append(o)
        for c in checks:
            by_visit_checks[c.visit_id].append(c)
        rows: list[tuple[Finding, FindingSpec]] = []
        for outline in made:
            assert outline.visit is not None
            visit = outline.visit
            badness = outline.badness
            count = (
                1
                + int(badness * 3 * rng.random())
                + (1 if outline.visit_type == VisitType.FULL else 0)
            )
            specs: list[tuple[FindingSpec, str]] = []
            bank = [f for f in FINDINGS[outline.group] if self.fits(outline, f.theme)]
            for spec in rng.sample(bank, min(count, len(bank))):
                severity = rng.choice(spec.severities)
                if severity == SE and rng.random() > badness:
                    severity = CO  # the same problem, found less grave at this place
                specs.append((spec, severity))
            if outline.urgent:
                specs.insert(0, (rng.choice(URGENT[outline.group]), UR))
            written = self.stamp(outline.ends_on or outline.day, 16)
            for spec, severity in specs:
                finding = Finding(
                    institution=self.institution,
                    visit=visit,
                    theme=self.themes[spec.theme],
                    severity=severity,
                    title=spec.title,
                    description=spec.description,
                    created_by=self.leader(outline),
                    created_at=written,
                )
                submission = submission_of.get(visit.pk)
                if spec.evidence and submission and submission.answers.get(spec.evidence) not in (None, "", []) and not isinstance(submission.answers.get(spec.evidence), list):  # fmt: skip
                    finding.checklist_evidence = [
                        {"submission": submission.pk, "path": spec.evidence}
                    ]
                if severity == UR and outline.urgent == "acted":
                    finding.acted_on_at = self.stamp(
                        (outline.ends_on or outline.day) + timedelta(days=1), 9, 30
                    )
                    finding.acted_on_by = self.user(COMMISSIONER)
                    finding.action_note = rng.choice(
                        [
                            "Called the regional director the same evening; the person was taken to hospital the next morning.",
                            "Wrote to the head of the authority; the person was moved the following day.",
                            "Raised with the officer in charge at the final talk and confirmed by letter; checked by phone two days later.",
                        ]
                    )
                rows.append((finding, spec))
        Finding.objects.bulk_create([f for f, _spec in rows])
        standards, obs_links, check_links = [], [], []
        for finding, spec in rows:
            for ref in spec.standards:
                if ref in self.standards:
                    standards.append(
                        Finding.standards.through(
                            finding_id=finding.pk, standardreference_id=self.standards[ref].pk
                        )
                    )
            for o in by_visit_obs[finding.visit_id]:
                if o.theme_id == finding.theme_id:
                    obs_links.append(
                        Finding.observations.through(finding_id=finding.pk, observation_id=o.pk)
                    )
            for c in by_visit_checks[finding.visit_id]:
                if spec.register and c.register == spec.register:
                    check_links.append(
                        Finding.register_checks.through(
                            finding_id=finding.pk, registercheck_id=c.pk
                        )
                    )
        Finding.standards.through.objects.bulk_create(standards)
        Finding.observations.through.objects.bulk_create(obs_links)
        Finding.register_checks.through.objects.bulk_create(check_links)
        self.events += [PendingEvent("finding.created", f, {"visit": f.visit_id, "severity": f.severity, "demo": True}) for f, _s in rows]  # fmt: skip
        self.events += [PendingEvent("finding.acted_on", f, {"visit": f.visit_id, "demo": True}) for f, _s in rows if f.acted_on_at]  # fmt: skip

    def last_visited(self, outlines: list[Outline]) -> None:
        """As vigil.visits.services._refresh_last_visited: the latest last (else first) day."""
        latest: dict[int, date] = {}
        for outline in outlines:
            visit = outline.visit
            if visit is None or visit.status not in ON_SITE_OR_LATER:
                continue
            day = visit.ends_on or visit.starts_on
            if day and (outline.place.pk not in latest or day > latest[outline.place.pk]):
                latest[outline.place.pk] = day
        places = list(Place.objects.filter(pk__in=latest))
        for place in places:
            place.last_visited_on = latest[place.pk]
        Place.objects.bulk_update(places, ["last_visited_on"])
