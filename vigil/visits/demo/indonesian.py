"""The demo's institution that works in Bahasa Indonesia: its register and visits, written in
Indonesian (fictional, like all demo data), through the services like any other record."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from vigil.core.demo.builder import DemoWorld
from vigil.core.models import Membership
from vigil.core.services.institutions import user_set_language
from vigil.places.models import Authority, Place, PlaceKind
from vigil.places.services.places import place_create
from vigil.places.services.register import authority_create
from vigil.visits.models import Severity, Theme, VisitType
from vigil.visits.services.visits import finding_create, observation_add, visit_create

KEY = "komnas"
ADMIN = "admin@komnas.example"
MONITOR = "monitor@komnas.example"

AUTHORITIES = [
    ("police", "Kepolisian Daerah Nusantara Timur", Authority.Kind.POLICE),
    ("prisons", "Direktorat Jenderal Pemasyarakatan", Authority.Kind.PRISON_SERVICE),
]
# kind code, authority, name, address, capacity, held, regime
PLACES = [
    ("prison_remand", "prisons", "Rumah Tahanan Negara Kelas I Kota Lama",
     "Jalan Pemuda 12, Kota Lama", 420, Place.Held.MEN, Place.Regime.REMAND),
    ("police_station", "police", "Kepolisian Sektor Pelabuhan",
     "Jalan Dermaga 3, Pelabuhan", 24, Place.Held.MIXED, Place.Regime.NOT_APPLICABLE),
    ("juvenile_detention", "prisons", "Lembaga Pembinaan Khusus Anak Kota Lama",
     "Jalan Melati 7, Kota Lama", 80, Place.Held.JUVENILES, Place.Regime.BOTH),
]  # fmt: skip
# place index, days ago, objectives, [(theme code, severity, title, description)], observation
VISITS = [
    (0, 40, "Memeriksa kondisi sel isolasi dan pencatatan penggunaan kekerasan.", [
        ("solitary", Severity.URGENT, "Isolasi lebih dari 15 hari berturut-turut",
         "Dua tahanan ditempatkan di sel isolasi selama 21 hari tanpa peninjauan tertulis."),
        ("registers", Severity.SERIOUS, "Register penggunaan kekerasan tidak lengkap",
         "Tiga kejadian yang diceritakan tahanan tidak tercatat dalam register."),
        ("overcrowding", Severity.SERIOUS, "Hunian melebihi kapasitas",
         "Blok B dihuni 96 orang untuk kapasitas 40 orang; tahanan tidur bergantian."),
    ], ("conditions", "Ventilasi di blok B tidak berfungsi; suhu di dalam sel mencapai 34 °C.")),
    (1, 12, "Kunjungan tanpa pemberitahuan: hak-hak dalam jam-jam pertama penahanan.", [
        ("custody_safeguards", Severity.SERIOUS, "Keluarga tidak diberi tahu tentang penahanan",
         "Lima dari tujuh orang yang diwawancarai mengatakan keluarganya tidak diberi tahu."),
        ("legal_safeguards", Severity.CONCERN, "Akses ke penasihat hukum tertunda",
         "Penasihat hukum baru dapat menemui tahanan setelah pemeriksaan pertama."),
    ], ("custody_safeguards",
        "Papan informasi hak-hak tahanan hanya tersedia dalam bahasa Inggris.")),
]  # fmt: skip


def _actor(world: DemoWorld, email: str) -> Membership:
    institution = world.institutions[KEY]
    return Membership.objects.for_institution(institution.pk).get(user=world.users[email])


def load_indonesian(world: DemoWorld) -> None:
    """Demo step: the Indonesian institution's people, places, visits and findings."""
    if KEY not in world.institutions:
        return
    for email in (ADMIN, MONITOR):
        user_set_language(user=world.users[email], language="id")
    admin, monitor = _actor(world, ADMIN), _actor(world, MONITOR)
    authorities = {
        key: authority_create(actor=admin, name=name, kind=kind) for key, name, kind in AUTHORITIES
    }
    places = [
        place_create(
            actor=admin,
            kind=PlaceKind.objects.shared().get(code=kind),
            authority=authorities[authority],
            name=name,
            address=address,
            capacity=capacity,
            held=held,
            regime=regime,
        )
        for kind, authority, name, address, capacity, held, regime in PLACES
    ]
    themes = {theme.code: theme for theme in Theme.objects.shared()}
    today = timezone.localdate()
    for index, days_ago, objectives, findings, (obs_theme, obs_text) in VISITS:
        visit = visit_create(
            actor=admin,
            place=places[index],
            visit_type=VisitType.FULL,
            starts_on=today - timedelta(days=days_ago),
            ends_on=today - timedelta(days=days_ago - 1),
            objectives=objectives,
            themes=[themes[code] for code, *_rest in findings],
            leader=monitor.user,
        )
        observation_add(actor=monitor, visit=visit, theme=themes[obs_theme], text=obs_text)
        for code, severity, title, description in findings:
            finding_create(
                actor=monitor,
                visit=visit,
                theme=themes[code],
                severity=severity,
                title=title,
                description=description,
            )
