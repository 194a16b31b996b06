"""Indicator definitions as data (issue 6, item 1): what is counted, from which data, as of which date, from
which start event and how people still on their way are treated. The page ``monitoring:indicators`` shows
them; the survival measures are computed by ``meedoen.monitoring.data`` exactly as written here.

Indicators marked *later* are defined already so the page is complete; their figures follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meedoen.monitoring.survival import DUTY_FULFILLED, EXAM_PASSED, FIRST_JOB, LEFT_BIJSTAND

# Sections of the page.
OUTCOMES = "outcomes"
TARGETS = "targets"
PROCESS = "process"
CASELOAD = "caseload"
HOUSING = "housing"
EQUITY = "equity"

SECTIONS: dict[str, str] = {
    OUTCOMES: _("Uitkomsten per cohort (overlevingscurves)"),
    TARGETS: _("Doelen"),
    PROCESS: _("Procescijfers"),
    CASELOAD: _("Bijstand: bestand en prognose"),
    HOUSING: _("Huisvestingstaakstelling"),
    EQUITY: _("Gelijke kansen"),
}

NOW = "now"
LATER = "later"
STATUS_LABELS = {NOW: _("Op het dashboard"), LATER: _("Volgt later")}

START_LINK_OR_BRP = _("De koppeling aan de gemeente of de inschrijving in de BRP (u kiest), volgens de mijlpaal "
                      "in het traject.")
CENSOR_SURVIVAL = _("Wie de gebeurtenis op de peildatum nog niet heeft gehad, telt mee tot de peildatum (vandaag, "
                    "of het einde van de gekozen periode) en daarna niet meer: nog onderweg, niet mislukt. "
                    "Wie de gebeurtenis al vóór de start had, was niet ‘in afwachting’ en telt niet mee.")
AS_OF_TODAY = _("Vandaag, of het einde van de gekozen periode.")


@dataclass(frozen=True)
class Indicator:
    code: str
    section: str
    name: str
    counted: str
    source: str
    as_of: str
    start_event: str = ""
    censoring: str = ""
    status: str = NOW

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def section_label(self) -> str:
        return str(SECTIONS[self.section])


INDICATORS: tuple[Indicator, ...] = (
    # --- Survival measures (on the dashboard) -------------------------------------------------------------
    Indicator(
        FIRST_JOB, OUTCOMES, _("Tijd tot de eerste baan"),
        _("Het aandeel dat na de start een betaalde baan heeft gehad, uitgezet tegen de maanden sinds de start "
          "(Kaplan-Meier, met 95%-betrouwbaarheidsinterval). De gebeurtenis is de begindatum van de eerste "
          "betaalde baan."),
        _("Plaatsingen van de soort ‘betaalde baan’ op de werkpagina’s; werkervaringsplaatsen, "
          "MAP-praktijkplaatsen en vrijwilligerswerk tellen niet."),
        AS_OF_TODAY, START_LINK_OR_BRP, CENSOR_SURVIVAL),
    Indicator(
        LEFT_BIJSTAND, OUTCOMES, _("Tijd tot uitstroom uit de bijstand"),
        _("Alleen mensen met bijstand op of na de start (een bijstandsperiode die vóór de start nog niet was "
          "beëindigd). De gebeurtenis is het eerste einde van zo’n bijstandsperiode, om welke reden ook; "
          "terugkeer daarna telt hier niet."),
        _("Bijstandsperioden in het traject van de cliënt (begin, einde en reden einde)."),
        AS_OF_TODAY, START_LINK_OR_BRP, CENSOR_SURVIVAL),
    Indicator(
        EXAM_PASSED, OUTCOMES, _("Tijd tot het gehaalde inburgeringsexamen"),
        _("Alleen inburgeringsplichtigen (Wet inburgering 2021 of 2013). Het examen is gehaald op de dag dat "
          "alles binnen is: lezen, luisteren, schrijven en spreken elk gehaald op A2 of hoger, of een "
          "Staatsexamen NT2 (programma I of II) gehaald, en in beide gevallen ook het KNM-examen. Telt vanaf de "
          "dag dat de uitslag bekend was (anders de examendatum). Het niveau van de leerroute (B1) wordt hier "
          "niet geëist; dat doet de indicator ‘inburgeringsplicht voldaan’."),
        _("Examenpogingen met de uitslag ‘gehaald’; ontheffingen uit het traject."),
        AS_OF_TODAY, START_LINK_OR_BRP,
        _("Zoals bij alle curves; wie ontheffing krijgt, telt mee tot de datum van de ontheffing.")),
    Indicator(
        DUTY_FULFILLED, OUTCOMES, _("Tijd tot het voldoen aan de inburgeringsplicht"),
        _("Alleen inburgeringsplichtigen (Wet inburgering 2021 of 2013). De gebeurtenis is de mijlpaal "
          "‘inburgeringsplicht voldaan’ (automatisch vastgelegd als alle eisen van de leerroute zijn gehaald, "
          "of met de hand)."),
        _("Mijlpalen in het traject van de cliënt."),
        AS_OF_TODAY, START_LINK_OR_BRP,
        _("Zoals bij alle curves; wie ontheffing krijgt, telt mee tot de datum van de ontheffing.")),
    # --- Later ----------------------------------------------------------------------------------------------
    Indicator(
        "targets", TARGETS, _("Doelen naast werkelijkheid en landelijk"),
        _("Per uitkomst het doel van de gemeente (bijvoorbeeld 70% haalt het examen binnen de termijn; werk "
          "5–20% per segment) naast de gemeten waarde en het landelijke cijfer."),
        _("Doelen die de gemeente vastlegt; de uitkomsten hierboven; landelijke referentiecijfers."),
        AS_OF_TODAY, status=LATER),
    Indicator(
        "days_to_housed", PROCESS, _("Dagen van koppeling tot huisvesting"),
        _("Het aantal dagen tussen de mijlpalen ‘gekoppeld aan de gemeente’ en ‘gehuisvest’ (mediaan en "
          "spreiding); wie nog niet gehuisvest is, telt mee als nog onderweg."),
        _("Mijlpalen in het traject."), AS_OF_TODAY, _("Koppeling aan de gemeente."), status=LATER),
    Indicator(
        "days_to_intake", PROCESS, _("Dagen van koppeling tot start brede intake"),
        _("Het aantal dagen tussen de koppeling en de mijlpaal ‘brede intake gestart’."),
        _("Mijlpalen in het traject."), AS_OF_TODAY, _("Koppeling aan de gemeente."), status=LATER),
    Indicator(
        "first_pip", PROCESS, _("Eerste PIP binnen 10 weken"),
        _("Het aandeel bij wie het eerste PIP is vastgesteld binnen 10 weken na de start van de brede intake, "
          "en het aantal dagen tot het eerste PIP."),
        _("Mijlpalen ‘brede intake gestart’ en ‘PIP vastgesteld’ (eerste versie)."), AS_OF_TODAY,
        _("Start van de brede intake."), status=LATER),
    Indicator(
        "route_switches", PROCESS, _("Wisselingen van leerroute"),
        _("Het aantal cliënten van wie een nieuwe versie van het plan een andere leerroute heeft dan de vorige."),
        _("Versies van het plan."), AS_OF_TODAY, status=LATER),
    Indicator(
        "pvt_map_done", PROCESS, _("PVT en MAP afgerond"),
        _("Het aandeel inburgeringsplichtigen dat de participatieverklaring en de module arbeidsmarkt en "
          "participatie heeft afgerond."),
        _("Voortgang van de modules."), AS_OF_TODAY, status=LATER),
    Indicator(
        "overdue_deadlines", PROCESS, _("Verlopen termijnen per team"),
        _("Het aantal open termijnen waarvan de datum voorbij is, per team."),
        _("Berekende termijnen per cliënt."), AS_OF_TODAY, status=LATER),
    Indicator(
        "waiting_list", PROCESS, _("Wachtlijst: lengte en wachttijd"),
        _("Het aantal cliënten op de wachtlijst en hoe lang zij al wachten (mediaan)."),
        _("Wachtlijst (‘op wachtlijst sinds’)."), AS_OF_TODAY, status=LATER),
    Indicator(
        "bijstand_stock", CASELOAD, _("Bijstandsbestand, instroom en uitstroom per maand"),
        _("Het aantal lopende bijstandsperioden aan het einde van elke maand, de perioden die in de maand "
          "begonnen en die in de maand eindigden (en daarvan naar werk)."),
        _("Bijstandsperioden."), _("Het einde van elke maand."), status=LATER),
    Indicator(
        "bijstand_return", CASELOAD, _("Terugkeer in de bijstand na 6, 12 en 60 maanden"),
        _("Het aandeel van wie uitstroomde naar werk dat binnen 6, 12 of 60 maanden een nieuwe "
          "bijstandsperiode kreeg; alleen uitstroom waarvan die termijn voorbij is."),
        _("Bijstandsperioden."), AS_OF_TODAY, status=LATER),
    Indicator(
        "caseload_per_fte", CASELOAD, _("Caseload per fte klantmanager"),
        _("Het aantal cliënten met lopende bijstand gedeeld door het aantal fte klantmanagers."),
        _("Bijstandsperioden; teams en klantmanagers."), AS_OF_TODAY, status=LATER),
    Indicator(
        "bijstand_forecast", CASELOAD, _("Prognose van het bijstandsbestand"),
        _("Het bestand 4 tot 8 kwartalen vooruit met voorspellingsintervallen: een voorraad-stroommodel met de "
          "eigen instroom- en uitstroomkansen, en een statistische basislijn; een terugtoets laat de fout van "
          "elke methode zien naast een seizoensnaïeve voorspelling."),
        _("Bijstandsbestand per kwartaal."), _("Het laatste volledige kwartaal."), status=LATER),
    Indicator(
        "housing_task", HOUSING, _("Huisvestingstaakstelling"),
        _("Per halfjaar de taakstelling, het aantal gehuisveste statushouders, wat nog resteert, de maanden die "
          "over zijn en de verwachte datum waarop de taak af is bij het huidige tempo; een rangorde van de "
          "gemeenten in de provincie (alleen totalen per gemeente)."),
        _("Taakstelling per halfjaar; mijlpaal ‘gehuisvest’."), AS_OF_TODAY, status=LATER),
    Indicator(
        "equity", EQUITY, _("Uitkomsten naar groep"),
        _("De uitkomsten hierboven naar geslacht, leeftijdsgroep, herkomstgroep en leerroute, met "
          "betrouwbaarheidsintervallen, om te zien of de aanpak voor iedereen werkt. Alleen groepscijfers, "
          "nooit een score per persoon. Geslacht wordt nog niet vastgelegd; die uitsplitsing volgt."),
        _("De uitkomsten hierboven; gegevens van de cliënt."), AS_OF_TODAY, status=LATER),
)


def by_section() -> list[tuple[str, list[Indicator]]]:
    """The indicators grouped per section, in page order."""
    return [(str(label), [i for i in INDICATORS if i.section == key]) for key, label in SECTIONS.items()
            if any(i.section == key for i in INDICATORS)]


def get(code: str) -> Indicator:
    return next(i for i in INDICATORS if i.code == code)


# Filters and segments as described on the page.
FILTER_NOTES: tuple[tuple[str, str], ...] = (
    (_("Gemeente"), _("Alleen de eigen gemeente; wie voor meer gemeenten werkt, kiest er één.")),
    (_("Periode"), _("Cohorten van het eerste tot en met het laatste gekozen jaar; de peildatum is vandaag of "
                     "een eerdere datum die u kiest (het einde van de periode).")),
    (_("Cohort"), _("Het jaar of kwartaal van de startgebeurtenis: de koppeling aan de gemeente of de "
                    "inschrijving in de BRP. Een cohort naar begin van de bijstand volgt later.")),
    (_("Leeftijdsgroep"), _("Leeftijd op de startdatum: jonger dan 27, 27 tot en met 44, 45 en ouder. Alleen "
                            "voor groepscijfers, nooit voor een oordeel over een persoon.")),
    (_("Geslacht"), _("Wordt nog niet vastgelegd bij de cliënt; deze uitsplitsing volgt zodra dat gebeurt.")),
    (_("Leerroute"), _("De leerroute van het laatst vastgestelde plan (B1-route, onderwijsroute, Z-route).")),
    (_("Team"), _("Het team waarin de cliënt nu zit.")),
    (_("Doelgroep"), _("De doelgroep van de cliënt (asielstatushouder, gezinsmigrant, …).")),
    (_("Prioriteitsgroep"), _("Uit de brede intake: laaggeletterd, geen werkervaring, beide, geen van beide, of "
                              "nog niet bekend.")),
)



def privacy_notes(min_size: int, threshold: int) -> list[str]:
    return [
        gettext("Een groep van minder dan %(min)s personen krijgt geen curve en geen aantallen, alleen een "
                "toelichting.") % {"min": min_size},
        gettext("Voor beleidsmedewerkers staan aantallen van 1 tot en met %(max)s als “<%(threshold)s”.")
        % {"max": threshold - 1, "threshold": threshold},
        gettext("Het dashboard toont alleen groepscijfers: geen namen, geen dossiers."),
    ]
