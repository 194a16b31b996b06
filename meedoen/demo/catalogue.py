"""The demo partners in detail: covenant, contact people, the legal basis of the data flow and the offers
of every seeded partner organisation (issue 4, item 11).

Organisation names are used for illustration (``data.py``); contact people, phone numbers, addresses,
hours, capacities and prices are invented. Addresses use the demo's invented street names.

Each offer has a ``role``: what the programme (``demo.programme``) uses it for (a B1 language course, the
PVT, a work-experience place...), and a ``weight`` to spread the clients over the partners that offer the
same. Offers marked ``full`` get a capacity equal to the places taken on the demo's today, and new referrals
to them wait (the waiting list).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from meedoen.demo.data import MIDDEN_DRENTHE, TAALHUIS_ZWOLLE, ZWOLLE
from meedoen.partners.models import ActivityType, LegalBasis

D = dt.date
T = ActivityType
PROCESSOR = LegalBasis.PROCESSOR_AGREEMENT
LEGAL_TASK = LegalBasis.LEGAL_TASK
CONSENT = LegalBasis.CONSENT

# Roles: what an offer is used for in a plan.
B1 = "b1"  # language course of the B1-route
A2 = "a2"  # language course at A2 (stepped down, or in the evening next to work)
Z = "z"  # language course of the Z-route
ALFA = "alfa"  # literacy for people who cannot read or write (Z-route)
LATIN = "latin"  # the Latin script for people literate in another script
EXAM = "exam"  # exam training
STAATS = "staats"  # preparation for the Staatsexamen NT2 (onderwijsroute)
EDU = "edu"  # the taalschakeltraject of the onderwijsroute
KNM = "knm"
PVT = "pvt"
MAP = "map"  # MAP practical part
VOL = "vol"  # volunteering
WEP = "wep"  # work-experience place
PAID = "paid"  # paid work
PAID_PT = "paid_pt"  # part-time paid work with support (bijstand clients)
NT1 = "nt1"  # reading and writing for people who speak Dutch (low literacy, bijstand clients)
SKILLS = "skills"  # competence or job-application training
BUDDY = "buddy"
DEBT = "debt"
GGZ = "ggz"
CHILDCARE = "childcare"


@dataclass(frozen=True)
class OfferSpec:
    name: str
    activity_type: str
    role: str
    hours_per_week: Decimal
    duration_weeks: int
    location: str
    languages: tuple[str, ...]  # ISO 639-3 codes of the languages of instruction
    capacity: int
    price: Decimal
    weight: int = 1
    full: bool = False
    women_only: bool = False


@dataclass(frozen=True)
class BasisSpec:
    basis: str
    shared_data: str
    valid_from: dt.date
    valid_until: dt.date | None = None
    document_reference: str = ""


@dataclass(frozen=True)
class CovenantSpec:
    start: dt.date
    end: dt.date | None
    delivers: str
    signed_on: dt.date


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    covenants: tuple[CovenantSpec, ...]
    contacts: tuple[tuple[str, str, str], ...]  # (name, function, phone)
    bases: tuple[BasisSpec, ...]
    offers: tuple[OfferSpec, ...]


def _offer(name: str, activity_type: str, role: str, hours: str, weeks: int, location: str,
           languages: tuple[str, ...], capacity: int, price: str, *, weight: int = 1, full: bool = False,
           women_only: bool = False) -> OfferSpec:
    return OfferSpec(name, str(activity_type), role, Decimal(hours), weeks, location, languages, capacity,
                     Decimal(price), weight, full, women_only)


def _covenant(start: dt.date, end: dt.date | None, delivers: str, signed_days_before: int = 21) -> CovenantSpec:
    return CovenantSpec(start, end, delivers, start - dt.timedelta(days=signed_days_before))


# What is shared, by kind of partner (never BSN, never health data: domain.md, Data protection).
SHARED_COURSE = "Naam, geboortedatum, contactgegevens, taalniveau en de afspraken uit het plan over de cursus"
SHARED_WORK = "Naam, contactgegevens, werkervaring en de afspraken uit het plan over werk en participatie"
SHARED_SUPPORT = "Naam, contactgegevens en de hulpvraag uit het plan"
SHARED_VOLUNTEER = "Naam, contactgegevens en de afspraken over het vrijwilligerswerk"

ZW = "Zwolle"
ZWOLLE_CATALOGUE: tuple[PartnerSpec, ...] = (
    PartnerSpec(
        TAALHUIS_ZWOLLE,
        (_covenant(D(2020, 1, 1), D(2022, 12, 31), "Taalles en alfabetisering voor inburgeraars (Wi2013)"),
         _covenant(D(2023, 1, 1), None, "Taalles B1, A2 en Z-route, alfabetisering en KNM in de eigen taal")),
        (("Ingrid Mulder", "Coördinator inburgering", "038-750 12 40"),
         ("Hans Wolters", "Docent NT2 en alfabetisering", "038-750 12 44")),
        # Renewed with the new covenant: referrals under the old agreement stay visible through the renewal.
        (BasisSpec(PROCESSOR, SHARED_COURSE, D(2020, 1, 1), D(2022, 12, 31), "VWO-2020-009"),
         BasisSpec(PROCESSOR, SHARED_COURSE, D(2023, 1, 1), None, "VWO-2023-014")),
        (
            _offer("Taalles B1-route (dagprogramma)", T.LANGUAGE_COURSE, B1, "12", 52,
                   f"Bibliotheek Zwolle, Vechtkade 2, {ZW}", ("nld",), 60, "2950.00", weight=5),
            _offer("Taalles A2 (avondgroep)", T.LANGUAGE_COURSE, A2, "6", 40,
                   f"Bibliotheek Zwolle, Vechtkade 2, {ZW}", ("nld",), 30, "1450.00", weight=3),
            _offer("Alfabetisering", T.LITERACY, ALFA, "9", 40, f"Bibliotheek Zwolle-Zuid, Esdoornstraat 12, {ZW}",
                   ("nld", "ara", "tir"), 24, "2400.00", weight=4),
            _offer("KNM in de eigen taal", T.KNM, KNM, "3", 10, f"Bibliotheek Zwolle, Vechtkade 2, {ZW}",
                   ("ara", "tir", "prs", "som"), 36, "600.00", weight=3),
            _offer("Z-route taal en meedoen", T.LANGUAGE_COURSE, Z, "8", 52,
                   f"Bibliotheek Zwolle-Zuid, Esdoornstraat 12, {ZW}", ("nld",), 30, "2600.00", weight=4),
            _offer("Beter lezen en schrijven (Taal voor het leven)", T.LITERACY, NT1, "3", 30,
                   f"Bibliotheek Zwolle-Zuid, Esdoornstraat 12, {ZW}", ("nld",), 24, "450.00", weight=2),
        ),
    ),
    PartnerSpec(
        "VluchtelingenWerk Oost-Nederland",
        (_covenant(D(2022, 1, 1), D(2027, 12, 31), "Maatschappelijke begeleiding, PVT en maatjes voor nieuwkomers"),),
        (("Fatima el Idrissi", "Teamleider maatschappelijke begeleiding", "038-750 20 10"),
         ("Pieter Smit", "Coördinator vrijwilligers", "038-750 20 14")),
        (BasisSpec(PROCESSOR, SHARED_SUPPORT, D(2022, 1, 1), None, "VWO-2022-003"),),
        (
            _offer("Participatieverklaringstraject (PVT)", T.PVT, PVT, "3", 6, f"Stationsplein 8, {ZW}",
                   ("nld", "ara", "tir", "prs", "tur"), 40, "450.00", weight=3),
            _offer("Maatje voor nieuwkomers", T.BUDDY, BUDDY, "2", 26, f"Stationsplein 8, {ZW}",
                   ("nld", "eng", "ara"), 50, "0.00", weight=3),
        ),
    ),
    PartnerSpec(
        "Humanitas Zwolle",
        (_covenant(D(2023, 4, 1), D(2026, 12, 31), "Thuisadministratie en maatjes (vrijwilligers)"),),
        (("Gerda Brouwer", "Coördinator thuisadministratie", "038-750 31 02"),),
        (BasisSpec(CONSENT, SHARED_SUPPORT, D(2023, 4, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Thuisadministratie", T.DEBT_ASSISTANCE, DEBT, "1.5", 26, f"Molenstraat 21, {ZW}", ("nld",), 30,
                   "0.00", weight=2),
            _offer("Maatje Humanitas", T.BUDDY, BUDDY, "2", 26, f"Molenstraat 21, {ZW}", ("nld",), 25, "0.00"),
        ),
    ),
    PartnerSpec(
        "Burgerschapsacademie IJsselland",
        (_covenant(D(2022, 1, 1), D(2026, 12, 31), "PVT en KNM-trainingen"),),
        (("Ahmad Karimi", "Trainer PVT en KNM", "038-750 33 80"),),
        (BasisSpec(PROCESSOR, SHARED_COURSE, D(2022, 1, 1), None, "VWO-2022-011"),),
        (
            _offer("PVT: kernwaarden en ondertekening", T.PVT, PVT, "4", 4, f"Hanzehof 4, {ZW}",
                   ("nld", "ara", "tir", "som"), 30, "395.00", weight=2),
            _offer("KNM-training", T.KNM, KNM, "4", 8, f"Hanzehof 4, {ZW}", ("nld",), 24, "650.00", weight=2),
        ),
    ),
    PartnerSpec(
        "Taalschool De Brug",
        (_covenant(D(2022, 1, 1), D(2027, 6, 30), "Intensieve B1-trajecten en examentraining"),),
        (("Marloes Jansen", "Directeur", "038-750 40 01"),),
        (BasisSpec(PROCESSOR, SHARED_COURSE, D(2022, 1, 1), None, "VWO-2022-021"),),
        (
            _offer("B1-traject intensief", T.LANGUAGE_COURSE, B1, "16", 52, f"Sallandstraat 40, {ZW}", ("nld",), 32,
                   "3400.00", weight=2),
            _offer("Examentraining B1", T.LANGUAGE_COURSE, EXAM, "6", 10, f"Sallandstraat 40, {ZW}", ("nld",), 16,
                   "650.00"),
        ),
    ),
    PartnerSpec(
        "Taalinstituut Hanzestad",
        (_covenant(D(2022, 7, 1), D(2026, 12, 31), "B1-route en alfabetisering in het Latijnse schrift"),),
        (("Erik Bosman", "Planner", "038-750 45 20"),),
        (BasisSpec(PROCESSOR, SHARED_COURSE, D(2022, 7, 1), None, "VWO-2022-030"),),
        (
            _offer("B1-route dagtraject", T.LANGUAGE_COURSE, B1, "12", 78, f"Twentelaan 15, {ZW}", ("nld",), 40,
                   "3900.00", weight=3, full=True),
            _offer("Alfabetisering Latijns schrift", T.LITERACY, LATIN, "6", 20, f"Twentelaan 15, {ZW}",
                   ("nld", "ara", "prs", "pus"), 16, "1200.00", weight=3),
        ),
    ),
    PartnerSpec(
        "NT2-school Het Kompas",
        (_covenant(D(2022, 1, 1), D(2026, 12, 31), "Z-route en alfabetisering"),),
        (("Wilma Hendriks", "Teamleider Z-route", "038-750 50 70"),),
        (BasisSpec(PROCESSOR, SHARED_COURSE, D(2022, 1, 1), None, "VWO-2022-008"),),
        (
            _offer("Z-route: taal in de praktijk", T.LANGUAGE_COURSE, Z, "10", 78, f"Kamperpoort 9, {ZW}", ("nld",),
                   30, "3100.00", weight=3),
            _offer("Alfabetisering (Het Kompas)", T.LITERACY, ALFA, "9", 40, f"Kamperpoort 9, {ZW}",
                   ("nld", "tir", "ara"), 20, "2300.00", weight=2),
        ),
    ),
    PartnerSpec(
        "Schakelcollege Zwolle",
        (_covenant(D(2022, 1, 1), None, "Taalschakeltrajecten voor de onderwijsroute"),),
        (("Joost van Dijk", "Coördinator onderwijsroute", "038-750 60 05"),
         ("Samira Haddou", "Studieloopbaanbegeleider", "038-750 60 09")),
        (BasisSpec(LEGAL_TASK, SHARED_COURSE, D(2022, 1, 1), None, "Wi2021 art. 15; besluit B&W 2021-118"),),
        (
            _offer("Taalschakeltraject (onderwijsroute)", T.EDUCATION, EDU, "20", 52, f"Drostenstraat 30, {ZW}",
                   ("nld", "eng"), 48, "6800.00"),
            _offer("Voorbereiding Staatsexamen NT2", T.LANGUAGE_COURSE, STAATS, "8", 26, f"Drostenstraat 30, {ZW}",
                   ("nld",), 24, "1900.00"),
        ),
    ),
    PartnerSpec(
        "Ggz-team Zwolle-Zuid",
        (_covenant(D(2023, 1, 1), None, "Laagdrempelige psychische hulp voor nieuwkomers"),),
        (("Dr. Annelies Post", "Regiebehandelaar", "038-750 70 30"),),
        (BasisSpec(CONSENT, SHARED_SUPPORT, D(2023, 1, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Ambulante begeleiding (GGZ)", T.MENTAL_HEALTH_ADDICTION, GGZ, "2", 26, f"Lindenlaan 3, {ZW}",
                   ("nld", "ara", "eng"), 20, "0.00", weight=2),
            _offer("Groepstraining stress en slapen", T.MENTAL_HEALTH_ADDICTION, GGZ, "2", 8, f"Lindenlaan 3, {ZW}",
                   ("nld", "ara"), 12, "0.00"),
        ),
    ),
    PartnerSpec(
        "Verslavingszorg De Oever",
        (_covenant(D(2023, 1, 1), None, "Ambulante verslavingszorg"),),
        (("Koen Visser", "Casemanager", "038-750 72 11"),),
        (BasisSpec(CONSENT, SHARED_SUPPORT, D(2023, 1, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Ambulante verslavingszorg", T.MENTAL_HEALTH_ADDICTION, GGZ, "2", 26, f"Dijkweg 14, {ZW}",
                   ("nld",), 15, "0.00"),
        ),
    ),
    PartnerSpec(
        "Stichting Geldzorg Zwolle",
        (_covenant(D(2021, 1, 1), None, "Schuldhulpverlening en budgetcursussen"),),
        (("Monique Kok", "Schuldhulpverlener", "038-750 80 44"),),
        (BasisSpec(LEGAL_TASK, SHARED_SUPPORT, D(2021, 1, 1), None, "Wet gemeentelijke schuldhulpverlening"),),
        (
            _offer("Schuldhulpverlening", T.DEBT_ASSISTANCE, DEBT, "1.5", 52, f"Waterstraat 11, {ZW}", ("nld",), 60,
                   "0.00", weight=3),
            _offer("Budgetcursus Grip op geld", T.DEBT_ASSISTANCE, DEBT, "2", 8, f"Waterstraat 11, {ZW}", ("nld",), 16,
                   "120.00"),
        ),
    ),
    PartnerSpec(
        "Kinderopvang Het Speelnest",
        (_covenant(D(2022, 9, 1), D(2026, 12, 31), "Kinderopvang op de dagen van taalles en werk"),),
        (("Sandra de Boer", "Locatiemanager", "038-750 90 12"),),
        (BasisSpec(CONSENT, "Naam, contactgegevens en de dagen waarop opvang nodig is", D(2022, 9, 1), None,
                   "Toestemming per cliënt"),),
        (
            _offer("Dagopvang 0-4 jaar", T.CHILDCARE, CHILDCARE, "24", 52, f"Beatrixlaan 22, {ZW}", ("nld",), 20,
                   "11500.00", weight=2, full=True),
            _offer("Buitenschoolse opvang", T.CHILDCARE, CHILDCARE, "12", 40, f"Beatrixlaan 22, {ZW}", ("nld",), 24,
                   "4200.00"),
        ),
    ),
    PartnerSpec(
        "Sportvereniging Zwolle-Zuid",
        (_covenant(D(2024, 1, 1), D(2026, 12, 31), "Vrijwilligersplekken bij de club"),),
        (("Bert Nijenhuis", "Vrijwilligerscoördinator", "038-750 95 01"),),
        (BasisSpec(CONSENT, SHARED_VOLUNTEER, D(2024, 1, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Vrijwilliger kantine en velden", T.VOLUNTEERING, VOL, "4", 26,
                   f"Sportpark Zuid, Ooievaarsweg 1, {ZW}", ("nld",), 8, "0.00"),
        ),
    ),
    PartnerSpec(
        "Voetbalvereniging Blauw-Wit Stadshagen",
        (_covenant(D(2024, 1, 1), D(2026, 12, 31), "Vrijwilligersplekken bij de jeugdafdeling"),),
        (("Ronald Mensink", "Jeugdcoördinator", "038-750 96 33"),),
        (BasisSpec(CONSENT, SHARED_VOLUNTEER, D(2024, 1, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Vrijwilliger jeugdtraining", T.VOLUNTEERING, VOL, "3", 26,
                   f"Sportpark Stadshagen, Kievitstraat 50, {ZW}", ("nld",), 6, "0.00"),
        ),
    ),
    PartnerSpec(
        "Vrijwilligerscentrale Zwolle",
        (_covenant(D(2021, 1, 1), None, "Bemiddeling naar vrijwilligerswerk"),),
        (("Ellen Timmer", "Consulent vrijwilligerswerk", "038-750 97 20"),),
        (BasisSpec(PROCESSOR, SHARED_VOLUNTEER, D(2021, 1, 1), None, "VWO-2021-017"),),
        (
            _offer("Vrijwilligerswerk op maat", T.VOLUNTEERING, VOL, "8", 26, f"Rembrandtlaan 7, {ZW}",
                   ("nld", "eng"), 40, "0.00", weight=4),
            _offer("Taalvrijwilliger in de buurt", T.VOLUNTEERING, VOL, "4", 26, f"Rembrandtlaan 7, {ZW}", ("nld",),
                   20, "0.00", weight=2),
        ),
    ),
    PartnerSpec(
        "Werkgeversservicepunt Regio Zwolle",
        (_covenant(D(2021, 1, 1), None, "Werkervaringsplaatsen, proefplaatsingen en bemiddeling naar werk"),),
        (("Mark Veenstra", "Accountmanager werkgevers", "038-750 98 00"),
         ("Lisa Hoekstra", "Jobcoach", "038-750 98 04")),
        (BasisSpec(LEGAL_TASK, SHARED_WORK, D(2021, 1, 1), None, "Participatiewet art. 7; besluit B&W 2020-311"),),
        (
            _offer("Werkervaringsplaats bij een werkgever", T.WORK_EXPERIENCE, WEP, "24", 26, f"Stationsplein 1, {ZW}",
                   ("nld",), 30, "0.00", weight=3),
            _offer("Proefplaatsing", T.WORK_EXPERIENCE, WEP, "20", 8, f"Stationsplein 1, {ZW}", ("nld",), 12, "0.00"),
            _offer("Betaald werk met begeleiding", T.PAID_WORK, PAID, "32", 52, f"Stationsplein 1, {ZW}", ("nld",),
                   20, "0.00", weight=2),
            _offer("Parttime baan met jobcoach", T.PAID_WORK, PAID_PT, "20", 52, f"Stationsplein 1, {ZW}", ("nld",),
                   40, "0.00", weight=3),
        ),
    ),
    PartnerSpec(
        "Re-integratiebureau Werkkracht",
        (_covenant(D(2022, 1, 1), D(2026, 12, 31), "MAP-praktijk, competentie- en sollicitatietrainingen"),),
        (("Tom Scholten", "Trainer", "038-750 99 10"),),
        (BasisSpec(PROCESSOR, SHARED_WORK, D(2022, 1, 1), None, "VWO-2022-040"),),
        (
            _offer("Competentietraining werknemersvaardigheden", T.SKILLS_TRAINING, SKILLS, "8", 12,
                   f"Vermeerstraat 19, {ZW}", ("nld",), 16, "1450.00", weight=2),
            _offer("MAP-praktijk: oriëntatie op werk", T.MAP_PRACTICE, MAP, "6", 10, f"Vermeerstraat 19, {ZW}",
                   ("nld", "ara", "tir"), 24, "1200.00", weight=3),
            _offer("Sollicitatietraining", T.SKILLS_TRAINING, SKILLS, "4", 8, f"Vermeerstraat 19, {ZW}", ("nld",), 12,
                   "650.00"),
        ),
    ),
    PartnerSpec(
        "Maatjesproject Samen Thuis",
        (_covenant(D(2023, 1, 1), D(2026, 12, 31), "Maatjes voor nieuwkomers en inwoners met bijstand"),),
        (("Joke Wessels", "Coördinator", "038-751 00 21"),),
        (BasisSpec(CONSENT, SHARED_SUPPORT, D(2023, 1, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Maatje voor thuis", T.BUDDY, BUDDY, "2", 52, f"Berkenlaan 5, {ZW}", ("nld", "eng"), 30, "0.00",
                   weight=2),
        ),
    ),
    PartnerSpec(
        "Werkleerbedrijf De Werkplaats",
        (_covenant(D(2021, 1, 1), None, "Werkervaringsplaatsen, leerwerktrajecten en MAP-praktijk"),),
        (("Henk Lubberts", "Bedrijfsleider", "038-751 10 00"),
         ("Ayse Demir", "Werkbegeleider", "038-751 10 06")),
        (BasisSpec(PROCESSOR, SHARED_WORK, D(2021, 1, 1), None, "VWO-2021-002"),),
        (
            _offer("Werkervaringsplaats productie", T.WORK_EXPERIENCE, WEP, "24", 26, f"Havikstraat 60, {ZW}",
                   ("nld",), 24, "2800.00", weight=3),
            _offer("Parttime werk in de groenvoorziening", T.PAID_WORK, PAID_PT, "16", 26, f"Havikstraat 60, {ZW}",
                   ("nld",), 16, "0.00", weight=2),
            _offer("Leerwerktraject logistiek", T.WORK_EXPERIENCE, WEP, "32", 26, f"Havikstraat 60, {ZW}", ("nld",),
                   12, "3600.00", weight=3, full=True),
            _offer("MAP-praktijk in het werkleerbedrijf", T.MAP_PRACTICE, MAP, "8", 8, f"Havikstraat 60, {ZW}",
                   ("nld",), 16, "950.00", weight=2),
        ),
    ),
    PartnerSpec(
        "Stichting Vrouwen Vooruit",
        (_covenant(D(2022, 1, 1), D(2025, 6, 30), "Empowermenttrainingen en taalmaatjes voor vrouwen"),),
        (("Naima Bakkali", "Projectleider", "038-751 20 15"),),
        # Expired and not (yet) renewed: no new referrals since; the partner no longer sees anyone.
        (BasisSpec(PROCESSOR, SHARED_SUPPORT, D(2022, 1, 1), D(2025, 6, 30), "VWO-2022-006 (verlopen)"),),
        (
            _offer("Empowermenttraining voor vrouwen", T.SKILLS_TRAINING, SKILLS, "4", 12, f"Dahliastraat 8, {ZW}",
                   ("nld", "ara", "tir"), 14, "480.00", weight=2, women_only=True),
            _offer("Taalmaatje voor vrouwen", T.BUDDY, BUDDY, "2", 26, f"Dahliastraat 8, {ZW}", ("nld",), 20, "0.00",
                   women_only=True),
        ),
    ),
    PartnerSpec(
        "Stichting Nieuwkomers Ondernemen",
        (_covenant(D(2024, 3, 1), D(2026, 12, 31), "Begeleiding van nieuwkomers die een eigen bedrijf willen"),),
        (("Omar Haddad", "Bedrijfscoach", "038-751 30 30"),),
        (BasisSpec(CONSENT, SHARED_WORK, D(2024, 3, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Starterstraject eigen bedrijf", T.SKILLS_TRAINING, SKILLS, "6", 26, f"Mondriaanhof 2, {ZW}",
                   ("nld", "ara", "eng"), 12, "1750.00"),
        ),
    ),
)

MIDDEN_DRENTHE_CATALOGUE: tuple[PartnerSpec, ...] = (
    PartnerSpec(
        "VluchtelingenWerk Noord-Nederland",
        (_covenant(D(2022, 1, 1), D(2027, 12, 31), "Maatschappelijke begeleiding, PVT, maatjes en MAP-praktijk"),),
        (("Jan Kuipers", "Teamleider Midden-Drenthe", "0593-55 20 10"),),
        (BasisSpec(PROCESSOR, SHARED_SUPPORT, D(2022, 1, 1), None, "VWO-MD-2022-01"),),
        (
            _offer("Participatieverklaringstraject (PVT)", T.PVT, PVT, "3", 6, "Brinkstraat 14, Beilen",
                   ("nld", "ara", "tir"), 20, "450.00"),
            _offer("Maatje voor nieuwkomers", T.BUDDY, BUDDY, "2", 26, "Brinkstraat 14, Beilen", ("nld",), 20, "0.00"),
            _offer("MAP-praktijk: werken in Drenthe", T.MAP_PRACTICE, MAP, "6", 8, "Brinkstraat 14, Beilen",
                   ("nld",), 12, "950.00"),
            _offer("Vrijwilligerswerk bij VluchtelingenWerk", T.VOLUNTEERING, VOL, "6", 26, "Brinkstraat 14, Beilen",
                   ("nld",), 15, "0.00"),
        ),
    ),
    PartnerSpec(
        "Humanitas Midden-Drenthe",
        (_covenant(D(2023, 1, 1), D(2026, 12, 31), "Thuisadministratie door vrijwilligers"),),
        (("Trijntje Bakker", "Coördinator", "0593-55 30 02"),),
        (BasisSpec(CONSENT, SHARED_SUPPORT, D(2023, 1, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Thuisadministratie", T.DEBT_ASSISTANCE, DEBT, "1.5", 26, "Stationsstraat 3, Beilen", ("nld",), 12,
                   "0.00"),
        ),
    ),
    PartnerSpec(
        "Taalhuis Midden-Drenthe",
        (_covenant(D(2022, 1, 1), None, "Taalles B1 en Z-route, alfabetisering, KNM en taalschakeltraject"),),
        (("Geesje Oosting", "Coördinator", "0593-55 40 40"),
         ("Willem Dekker", "Docent NT2", "0593-55 40 44")),
        (BasisSpec(PROCESSOR, SHARED_COURSE, D(2022, 1, 1), None, "VWO-MD-2022-02"),),
        (
            _offer("Taalles B1-route", T.LANGUAGE_COURSE, B1, "12", 52, "Bibliotheek Beilen, Ringweg 2, Beilen",
                   ("nld",), 24, "2950.00"),
            _offer("Alfabetisering", T.LITERACY, ALFA, "8", 40, "Bibliotheek Beilen, Ringweg 2, Beilen",
                   ("nld", "ara", "tir"), 12, "2300.00"),
            _offer("KNM-cursus", T.KNM, KNM, "3", 10, "Bibliotheek Beilen, Ringweg 2, Beilen", ("nld", "ara", "tir"),
                   16, "600.00"),
            _offer("Z-route taal en meedoen", T.LANGUAGE_COURSE, Z, "8", 52, "Bibliotheek Beilen, Ringweg 2, Beilen",
                   ("nld",), 12, "2600.00"),
            _offer("Taalschakeltraject (onderwijsroute)", T.EDUCATION, EDU, "16", 52, "Esweg 2, Beilen", ("nld",), 8,
                   "5900.00"),
        ),
    ),
    PartnerSpec(
        "Kerken Midden-Drenthe",
        (_covenant(D(2023, 6, 1), None, "Taalmaatjes, koffieochtenden en vrijwilligerswerk in de dorpen"),),
        (("Ds. Albert Boerma", "Contactpersoon diaconie", "0593-55 50 01"),),
        (BasisSpec(CONSENT, SHARED_VOLUNTEER, D(2023, 6, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Taalmaatje en koffieochtend", T.BUDDY, BUDDY, "2", 26, "Hoofdstraat 5, Westerbork", ("nld",), 15,
                   "0.00"),
            _offer("Vrijwilligerswerk in het buurthuis", T.VOLUNTEERING, VOL, "4", 26, "Dorpsstraat 12, Wijster",
                   ("nld",), 10, "0.00"),
        ),
    ),
    PartnerSpec(
        "Installatiebedrijf Beilen-Noord",
        (_covenant(D(2024, 1, 1), D(2026, 12, 31), "Werkervaringsplaatsen en leerbanen in de installatietechniek"),),
        (("Gert Zwiers", "Eigenaar", "0593-55 60 60"),),
        (BasisSpec(CONSENT, SHARED_WORK, D(2024, 1, 1), None, "Toestemming per cliënt"),),
        (
            _offer("Werkervaringsplaats installatietechniek", T.WORK_EXPERIENCE, WEP, "24", 26, "Esweg 40, Beilen",
                   ("nld",), 3, "0.00"),
            _offer("Leerbaan monteur", T.PAID_WORK, PAID, "32", 52, "Esweg 40, Beilen", ("nld",), 2, "0.00"),
        ),
    ),
    PartnerSpec(
        "Kwekerij Het Zuideinde",
        (_covenant(D(2023, 3, 1), None, "Werkervaringsplaatsen en seizoenswerk"),),
        (("Hilde Snippe", "Bedrijfsleider", "0593-55 70 07"),),
        (BasisSpec(LEGAL_TASK, SHARED_WORK, D(2023, 3, 1), None, "Participatiewet art. 7; besluit B&W 2023-045"),),
        (
            _offer("Werkervaringsplaats kwekerij", T.WORK_EXPERIENCE, WEP, "20", 26, "Zuideinde 80, Beilen", ("nld",),
                   6, "0.00", weight=2, full=True),
            _offer("Seizoenswerk in de kas", T.PAID_WORK, PAID, "32", 16, "Zuideinde 80, Beilen", ("nld",), 8, "0.00"),
        ),
    ),
    PartnerSpec(
        "Logistiek Centrum Smilde",
        (_covenant(D(2023, 9, 1), D(2026, 8, 31), "Werkervaringsplaatsen en betaald werk in het magazijn"),),
        (("Rik Hofman", "HR-adviseur", "0592-41 20 20"),),
        (BasisSpec(LEGAL_TASK, SHARED_WORK, D(2023, 9, 1), None, "Participatiewet art. 7; besluit B&W 2023-061"),),
        (
            _offer("Werkervaringsplaats orderpicker", T.WORK_EXPERIENCE, WEP, "24", 26, "Vaartweg 100, Smilde",
                   ("nld",), 6, "0.00"),
            _offer("Betaald werk in het magazijn", T.PAID_WORK, PAID, "32", 52, "Vaartweg 100, Smilde", ("nld",), 6,
                   "0.00"),
        ),
    ),
)

CATALOGUES: dict[str, tuple[PartnerSpec, ...]] = {ZWOLLE: ZWOLLE_CATALOGUE, MIDDEN_DRENTHE: MIDDEN_DRENTHE_CATALOGUE}


def catalogue_for(cbs_code: str, partner_names: tuple[str, ...]) -> tuple[PartnerSpec, ...]:
    """The detailed partners of a municipality, for the partners it has (none for a made-up municipality)."""
    names = set(partner_names)
    return tuple(p for p in CATALOGUES.get(cbs_code, ()) if p.name in names)
