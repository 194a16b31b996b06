"""Fixed facts of the demo: municipalities, teams, partner organisations and staff accounts.

Municipality, team and partner names are real or plausible; every person (client or member of
staff) is made up. The demo password lives here and is used by the seeder only: no migration,
fixture or other code may create these accounts or set this password.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from meedoen.accounts.models import Province, Role, TeamKind

SEED = 1931731
"""The fixed seed: the same seed and sizes give the same demo, on every machine."""

REFERENCE_DATE = dt.date(2026, 11, 1)
"""The 'now' the demo people are built around (link dates, birth dates). Fixed so the data does not
drift from day to day; only the routing by age (under 27 or not) uses the real current date."""

DEMO_PASSWORD = "meedoen-demo"
EMAIL_DOMAIN = "example.org"

ZWOLLE = "GM0193"
MIDDEN_DRENTHE = "GM1731"


@dataclass(frozen=True)
class TeamSpec:
    name: str
    kind: str
    fte: Decimal
    caseload_norm: int
    # Routing by age at the current date: min_age <= age < max_age (None = no bound).
    min_age: int | None = None
    max_age: int | None = None

    def takes(self, age: int) -> bool:
        return (self.min_age is None or age >= self.min_age) and (self.max_age is None or age < self.max_age)


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    team: str | None = None
    partner: str | None = None
    caseload: int = 0  # klantmanagers: how many clients the seeder puts on their caseload (at most)
    # Klantmanagers: the share of the caseload filled with statushouders (0: werk en inkomen only).
    statushouder_share: float = 0.5
    is_staff: bool = False
    featured: bool = False  # one of the six demo personas shown first in the account table

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class MunicipalitySpec:
    cbs_code: str
    name: str
    province: str
    theme_primary_colour: str
    teams: tuple[TeamSpec, ...]
    partners: tuple[str, ...]
    staff: tuple[StaffSpec, ...]


YOUTH_AGE_LIMIT = 27
"""Under 27 to the youth desk, 27 and over to re-integration (product.md: routing by age)."""

JONGERENPUNT = "Jongerenpunt"
REINTEGRATIE = "Re-integratie 27+"
TEAM_PARTICIPATIE = "Team Participatie"
TAALHUIS_ZWOLLE = "Taalhuis Zwolle"

ZWOLLE_PARTNERS: tuple[str, ...] = (
    TAALHUIS_ZWOLLE,
    "VluchtelingenWerk Oost-Nederland",
    "Humanitas Zwolle",
    "Burgerschapsacademie IJsselland",  # participatieverklaringstraject (PVT)
    "Taalschool De Brug",
    "Taalinstituut Hanzestad",
    "NT2-school Het Kompas",
    "Schakelcollege Zwolle",  # onderwijsroute / taalschakeltraject
    "Ggz-team Zwolle-Zuid",
    "Verslavingszorg De Oever",
    "Stichting Geldzorg Zwolle",  # schuldhulpverlening
    "Kinderopvang Het Speelnest",
    "Sportvereniging Zwolle-Zuid",
    "Voetbalvereniging Blauw-Wit Stadshagen",
    "Vrijwilligerscentrale Zwolle",
    "Werkgeversservicepunt Regio Zwolle",
    "Re-integratiebureau Werkkracht",
    "Maatjesproject Samen Thuis",
    "Werkleerbedrijf De Werkplaats",
    "Stichting Vrouwen Vooruit",
    "Stichting Nieuwkomers Ondernemen",
)

MIDDEN_DRENTHE_PARTNERS: tuple[str, ...] = (
    "VluchtelingenWerk Noord-Nederland",
    "Humanitas Midden-Drenthe",
    "Taalhuis Midden-Drenthe",
    "Kerken Midden-Drenthe",
    "Installatiebedrijf Beilen-Noord",
    "Kwekerij Het Zuideinde",
    "Logistiek Centrum Smilde",
)

_KM = Role.KLANTMANAGER
_TL = Role.TEAMLEIDER

# Bijstand practice: a klantmanager keeps the 'regie' over a large caseload (Re-integratie 27+ about 250
# clients per fte, Jongerenpunt about 110: young adults get more attention). Statushouders are a minority of
# each caseload (``statushouder_share``), so the most recently linked statushouders queue behind the others.
RE_SHARE = 0.14
JP_SHARE = 0.24

ZWOLLE_STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("km-zwolle", "Sanne", "Kamphuis", _KM, team=REINTEGRATIE, caseload=252, statushouder_share=RE_SHARE,
              featured=True),
    StaffSpec("tl-zwolle", "Marco", "Hulshof", _TL, team=REINTEGRATIE, featured=True),
    StaffSpec("bm-zwolle", "Ruud", "van der Vegt", Role.BELEIDSMEDEWERKER, featured=True),
    StaffSpec("partner-taalhuis", "Ingrid", "Mulder", Role.PARTNERMEDEWERKER, partner=TAALHUIS_ZWOLLE,
              featured=True),
    StaffSpec("beheer-zwolle", "Patrick", "Schuurman", Role.FUNCTIONEEL_BEHEERDER, is_staff=True, featured=True),
    *(StaffSpec(username, first, last, _KM, team=REINTEGRATIE, caseload=caseload, statushouder_share=RE_SHARE)
      for username, first, last, caseload in (
          ("km-zwolle-02", "Jeroen", "Wessels", 248), ("km-zwolle-03", "Esra", "Yıldız", 255),
          ("km-zwolle-04", "Mirjam", "Nijhof", 244), ("km-zwolle-05", "Thijs", "Brinkman", 258),
          ("km-zwolle-06", "Nadia", "Bouzid", 251), ("km-zwolle-07", "Bart", "Kloosterman", 246),
          ("km-zwolle-08", "Ilse", "ter Horst", 253),
      )),
    *(StaffSpec(username, first, last, _KM, team=JONGERENPUNT, caseload=caseload, statushouder_share=JP_SHARE)
      for username, first, last, caseload in (
          ("km-zwolle-09", "Daan", "Lubbers", 112), ("km-zwolle-10", "Lotte", "Veldkamp", 107),
          ("km-zwolle-11", "Youssef", "Amrani", 114), ("km-zwolle-12", "Femke", "Dijkhuis", 109),
      )),
    StaffSpec("tl-zwolle-02", "Annemiek", "Boerman", _TL, team=JONGERENPUNT),
)

MIDDEN_DRENTHE_STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("km-middendrenthe", "Janneke", "Hofstee", _KM, team=TEAM_PARTICIPATIE, caseload=48, featured=True),
    StaffSpec("km-middendrenthe-02", "Harm", "Zwiers", _KM, team=TEAM_PARTICIPATIE, caseload=40),
)

MUNICIPALITIES: tuple[MunicipalitySpec, ...] = (
    MunicipalitySpec(
        cbs_code=ZWOLLE,
        name="Zwolle",
        province=Province.OVERIJSSEL,
        theme_primary_colour="#1B4F9C",
        teams=(
            # Four klantmanagers at 110 per fte; eight at 250 per fte (a 'regie' caseload). Each carries about
            # the norm, so the teams run at about 100% of capacity; both teams hold more clients than that on
            # purpose: the clients without a klantmanager are the waiting list (about a quarter of the clients;
            # more among the newest statushouders, who queue behind the others).
            TeamSpec(JONGERENPUNT, TeamKind.YOUTH_DESK, Decimal("4.0"), 110, max_age=YOUTH_AGE_LIMIT),
            TeamSpec(REINTEGRATIE, TeamKind.REINTEGRATION, Decimal("8.0"), 250, min_age=YOUTH_AGE_LIMIT),
        ),
        partners=ZWOLLE_PARTNERS,
        staff=ZWOLLE_STAFF,
    ),
    MunicipalitySpec(
        cbs_code=MIDDEN_DRENTHE,
        name="Midden-Drenthe",
        province=Province.DRENTHE,
        theme_primary_colour="#2E6B30",
        # A small municipality: one team for every age.
        teams=(TeamSpec(TEAM_PARTICIPATIE, TeamKind.OTHER, Decimal("2.0"), 45),),
        partners=MIDDEN_DRENTHE_PARTNERS,
        staff=MIDDEN_DRENTHE_STAFF,
    ),
)

ALL_STAFF: tuple[StaffSpec, ...] = tuple(s for m in MUNICIPALITIES for s in m.staff)
DEMO_USERNAMES: tuple[str, ...] = tuple(s.username for s in ALL_STAFF)
DEMO_FLOW_KLANTMANAGER = "km-zwolle"
"""The klantmanager who plays the demo flow (intake, plan, load check, referral to the Taalhuis): the seeder
leaves one client on this caseload without a broad intake and names them at the end."""

FEATURED_USERNAMES: tuple[str, ...] = (
    "km-zwolle", "tl-zwolle", "bm-zwolle", "partner-taalhuis", "beheer-zwolle", "km-middendrenthe",
)
