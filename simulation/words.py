"""Every word the classroom shows, in English and Dutch: one table, :data:`WORDS`.

The teaching dashboard (:mod:`simulation.dashboard`) and the life stories of
:func:`simulation.teaching.story` (``lifecourse story --lang nl``) take their labels, sentences
and the names of states and events from here, so a translation is one line of this table and no
identifier (``parental_divorce``, ``scenarios/base.yaml``) reaches the screen. An entry is
``key: (English, Dutch)``; ``{name}`` marks a value filled in by :func:`say`. A life event's
English phrase is its :class:`~simulation.codes.Event` phrase; its Dutch one is the entry
``event.NAME``.
"""

from __future__ import annotations

from simulation.codes import Event

LANGUAGES = ("en", "nl")

WORDS: dict[str, tuple[str, str]] = {
    # -- the page and its controls --------------------------------------------------------------
    "title": ("Lives in the Netherlands: a classroom simulation",
              "Levens in Nederland: een simulatie voor de klas"),
    "language": ("Language", "Taal"),
    "reset": ("Reset", "Opnieuw"),
    "play": ("Play", "Start"),
    "pause": ("Pause", "Pauze"),
    "step": ("Step", "Stap"),
    "speed": ("Speed", "Snelheid"),
    "speed.1": ("1 month a step", "1 maand per stap"),
    "speed.3": ("3 months a step", "3 maanden per stap"),
    "speed.6": ("half a year a step", "een half jaar per stap"),
    "speed.12": ("1 year a step", "1 jaar per stap"),
    "speed.24": ("2 years a step", "2 jaar per stap"),
    "status": ("Age {age}: {employed} of {present} employed, {benefit} on a benefit.",
               "Leeftijd {age}: {employed} van {present} aan het werk, {benefit} met een "
               "uitkering."),
    "start_hint": ("The cohort is 12 and in school. Press Play to follow its lives to the "
                   "state-pension (AOW) age, {aow}.",
                   "Het cohort is 12 en zit op school. Druk op Start om de levens te volgen tot "
                   "de AOW-leeftijd, {aow}."),
    "ended": ("The end: the cohort has reached the state-pension (AOW) age, {aow}. "
              "Press Reset for a new cohort.",
              "Einde: het cohort heeft de AOW-leeftijd bereikt, {aow}. "
              "Druk op Opnieuw voor een nieuw cohort."),
    "years_months": ("{years} years {months} months", "{years} jaar en {months} maanden"),
    "years": ("{years} years", "{years} jaar"),
    "settings": ("Settings of the cohort", "Instellingen van het cohort"),
    "settings_button": ("Settings", "Instellingen"),
    "pending": ("Changed settings apply to a new cohort: press Reset to start it.",
                "Gewijzigde instellingen gelden voor een nieuw cohort: druk op Opnieuw."),
    "scenario": ("Policy", "Beleid"),
    "interventions": ("Interventions on", "Interventies aan"),
    "cycle": ("Economy", "Economie"),
    "cycle.none": ("normal years", "gewone jaren"),
    "cycle.recession": ("a recession", "een recessie"),
    "cycle.boom": ("a boom", "hoogconjunctuur"),
    "cycle_age": ("Recession or boom at age {value}",
                  "Recessie of hoogconjunctuur op {value} jaar"),
    "persons": ("Persons: {value}", "Personen: {value}"),
    "seed": ("Random seed (another cohort): {value}", "Toevalsgetal (ander cohort): {value}"),
    "twin_event": ("Twins differ in", "Tweelingen verschillen in"),
    # -- scenarios (by their name:), the rest read as their name ------------------------------
    "scenario.classroom": ("current policy (classroom cohort)", "huidig beleid (klascohort)"),
    "scenario.base": ("current policy", "huidig beleid"),
    "scenario.base_aligned": ("current policy, births and deaths as CBS forecasts",
                              "huidig beleid, geboorte en sterfte volgens CBS"),
    "scenario.package": ("all interventions together", "alle interventies samen"),
    "scenario.bridge": ("BRIDGE: school-to-work programme", "BRIDGE: van school naar werk"),
    "scenario.case_management_45plus": ("case management for bijstand clients 45+",
                                        "intensieve begeleiding bijstand 45+"),
    "scenario.childcare": ("better childcare", "betere kinderopvang"),
    "scenario.corona_recession": ("the corona recession", "de coronarecessie"),
    "scenario.jobcoaching": ("job coaching", "jobcoaching"),
    "scenario.training": ("training for the low educated", "scholing voor laagopgeleiden"),
    "scenario.refugee_integration": ("refugees: integration programme",
                                     "vluchtelingen: integratieprogramma"),
    "scenario.refugees_base": ("refugees: current policy", "vluchtelingen: huidig beleid"),
    "scenario.almere_rct": ("Almere experiment (bijstand 45+)", "Almere-experiment (bijstand 45+)"),
    # -- twins' circumstances --------------------------------------------------------------------
    "event.none": ("nothing (identical twins)", "niets (identieke tweeling)"),
    "event.parental_divorce": ("parents' divorce", "scheiding van de ouders"),
    "event.adolescent_depression": ("depression at 12", "depressie op 12-jarige leeftijd"),
    "event.conduct_problems": ("conduct problems", "gedragsproblemen"),
    "with.none": ("the same", "hetzelfde"),
    "with.parental_divorce": ("parents divorced", "ouders gescheiden"),
    "with.adolescent_depression": ("depressed at 12", "depressief op 12"),
    "with.conduct_problems": ("conduct problems", "gedragsproblemen"),
    "without.none": ("the same", "hetzelfde"),
    "without.parental_divorce": ("parents together", "ouders bij elkaar"),
    "without.adolescent_depression": ("not depressed at 12", "niet depressief op 12"),
    "without.conduct_problems": ("no conduct problems", "geen gedragsproblemen"),
    # -- cumulative disadvantage -----------------------------------------------------------------
    "disadvantage": ("Cumulative disadvantage", "Opgestapelde achterstand"),
    "origin": ("Compare by", "Vergelijk naar"),
    "measure": ("Measure", "Maat"),
    "origin.parents_education": ("parents' education", "opleiding van de ouders"),
    "origin.parental_divorce": ("parents' divorce", "scheiding van de ouders"),
    "origin.migration": ("migration background", "migratieachtergrond"),
    "group.parents_education.0": ("low-educated parents", "laagopgeleide ouders"),
    "group.parents_education.1": ("middle-educated parents", "middelbaar opgeleide ouders"),
    "group.parents_education.2": ("high-educated parents", "hoogopgeleide ouders"),
    "group.parental_divorce.0": ("parents together", "ouders bij elkaar"),
    "group.parental_divorce.1": ("parents divorced", "ouders gescheiden"),
    "group.migration.0": ("no migration background", "geen migratieachtergrond"),
    "group.migration.1": ("Western background", "westerse achtergrond"),
    "group.migration.2": ("non-Western background", "niet-westerse achtergrond"),
    "group.migration.3": ("refugee", "vluchteling"),
    "measure.income": ("income a month (euro)", "inkomen per maand (euro)"),
    "measure.employed": ("share employed (%)", "aandeel aan het werk (%)"),
    "measure.on_benefit": ("share on a benefit (%)", "aandeel met een uitkering (%)"),
    "unit.income": ("euro a month", "euro per maand"),
    "unit.employed": ("percentage points", "procentpunt"),
    "unit.on_benefit": ("percentage points", "procentpunt"),
    "gap": ("gap: {last} minus {first}, with its 95% interval",
            "verschil: {last} min {first}, met het 95%-interval"),
    "gap_axis": ("gap ({unit})", "verschil ({unit})"),
    "short.income": ("euro", "euro"),
    "short.employed": ("% points", "procentpunt"),
    "short.on_benefit": ("% points", "procentpunt"),
    "gap_line": ("At {age}: {last} {b}, {first} {a}; the gap is {gap} {unit}, "
                 "give or take {ci} (95% interval, {n_last} and {n_first} persons).",
                 "Op {age} jaar: {last} {b}, {first} {a}; het verschil is {gap} {unit}, "
                 "plus of min {ci} (95%-interval, {n_last} en {n_first} personen)."),
    "note.parents_education": ("Children of low-educated parents more often leave school with a "
                               "low education, and their income falls further behind over the "
                               "working life (A6.4: inequality between low and high educated "
                               "grows; A11.1: class boundaries persist).",
                               "Kinderen van laagopgeleide ouders verlaten vaker de school met "
                               "een lage opleiding, en hun inkomen raakt over het werkzame leven "
                               "verder achter (A6.4: de ongelijkheid tussen laag- en "
                               "hoogopgeleiden groeit; A11.1: klassengrenzen blijven)."),
    "note.parental_divorce": ("Men of 45-60 whose parents divorced earn less (A3.1); children "
                              "of divorced parents partner less stably (A3.7). In a class-sized "
                              "cohort the gap in work is smaller than its noise: look at the "
                              "interval.",
                              "Mannen van 45-60 met gescheiden ouders verdienen minder (A3.1); "
                              "kinderen van gescheiden ouders hebben minder stabiele relaties "
                              "(A3.7). In een cohort van klasgrootte is het verschil in werk "
                              "kleiner dan de ruis: kijk naar het interval."),
    "note.migration": ("A non-Western migration background costs starters more than 8 "
                       "percentage points of secure work (A5.12).",
                       "Een niet-westerse migratieachtergrond kost starters meer dan 8 "
                       "procentpunt kans op zeker werk (A5.12)."),
    "euro": ("€{value}", "€ {value}"),
    "no_months": ("Nothing to show yet: the cohort has not lived a month. Press Play or Step.",
                  "Nog niets te zien: het cohort heeft nog geen maand geleefd. "
                  "Druk op Start of Stap."),
    "age": ("age", "leeftijd"),
    # -- sequence index plot ---------------------------------------------------------------------
    "sequences": ("300 lives, month by month", "300 levens, maand voor maand"),
    "order.career": ("work", "werk"),
    "order.family": ("family", "gezin"),
    "sequences_note.career": ("One row per person, one column per month, sorted by career path "
                              "over the last five years (PBL's paths, A5.3: almost always "
                              "working, with a permanent job or flexibly, or not).",
                              "Eén rij per persoon, één kolom per maand, gesorteerd op "
                              "loopbaanpad over de laatste vijf jaar (de paden van PBL, A5.3: "
                              "bijna altijd aan het werk, vast of flexibel, of niet)."),
    "sequences_note.family": ("One row per person, one column per month, sorted by family life "
                              "course from 18 (Muller, A3.4-A3.6).",
                              "Eén rij per persoon, één kolom per maand, gesorteerd op "
                              "gezinsloopbaan vanaf 18 (Muller, A3.4-A3.6)."),
    "rows": ("From the top: {groups}.", "Van boven naar beneden: {groups}."),
    "state.school": ("in school", "op school"),
    "state.employed": ("employed", "aan het werk"),
    "state.unemployed": ("unemployed", "werkloos"),
    "state.inactive": ("not working or looking", "niet werkend of zoekend"),
    "state.sick": ("on sick leave", "ziek"),
    "state.disabled": ("disabled", "arbeidsongeschikt"),
    "state.retired": ("retired", "met pensioen"),
    "state.dead": ("died", "overleden"),
    "state.abroad": ("abroad", "in het buitenland"),
    "path.1": ("not always working", "niet altijd aan het werk"),
    "path.2": ("working, mostly flexible", "werkend, vooral flexibel"),
    "path.3": ("working, mostly permanent", "werkend, vooral vast"),
    "family.0": ("no partner, no child", "geen partner, geen kind"),
    "family.1": ("partner, no child", "partner, geen kind"),
    "family.2": ("partner and child", "partner en kind"),
    "family.3": ("single parent", "alleenstaande ouder"),
    "family_type.0": ("partner with child (standard)", "partner met kind (standaard)"),
    "family_type.1": ("single parent", "alleenstaande ouder"),
    "family_type.2": ("partner, no child", "partner, geen kind"),
    "family_type.3": ("no partner, no child", "geen partner, geen kind"),
    # -- twins -----------------------------------------------------------------------------------
    "twins": ("Twins: {event}", "Tweelingen: {event}"),
    "twin_rows": ("person {person}\n({this})", "persoon {person}\n({this})"),
    "twin_row": ("twin\n({that})", "tweeling\n({that})"),
    "twin_gap_axis": ("employment gap\n(% points)", "verschil in werk\n(procentpunt)"),
    "twins_note": ("Twins are the same person in two runs with the same luck; only the "
                   "circumstance differs, so every difference follows from it. Below: the "
                   "whole cohort's gap in employment, with minus without.",
                   "Een tweeling is dezelfde persoon in twee runs met hetzelfde geluk; alleen "
                   "de omstandigheid verschilt, dus elk verschil komt daardoor. Onder: het "
                   "verschil in werk van het hele cohort, met min zonder."),
    "parted": ("So far the lives of {share} of the {pairs} pairs differ (school, work, "
               "benefits or family); in the others the circumstance has changed nothing yet.",
               "Tot nu toe verschillen de levens van {share} van de {pairs} paren (school, "
               "werk, uitkering of gezin); bij de rest heeft de omstandigheid nog niets "
               "veranderd."),
    "not_parted": ("No pair's lives have parted yet.", "Nog geen enkel paar leeft anders."),
    "gaps_header": ("| age | employed (% points) | income (euro a month) | on a benefit "
                    "(% points) |",
                    "| leeftijd | aan het werk (procentpunt) | inkomen (euro per maand) | "
                    "met uitkering (procentpunt) |"),
    "gaps_later": ("The table fills in at ages 30, 45 and 60.",
                   "De tabel vult zich op 30, 45 en 60 jaar."),
    "twins_cohort": ("\nThe whole cohort ({pairs} pairs), with minus without the circumstance:",
                     "\nHet hele cohort ({pairs} paren), met min zonder de omstandigheid:"),
    "twins_table.age": ("age", "leeftijd"),
    "twins_table.indicator": ("measure", "maat"),
    "twins_table.without": ("without", "zonder"),
    "twins_table.with": ("with", "met"),
    "twins_table.gap": ("gap", "verschil"),
    "twins_table.employed": ("employed (%; gap in % points)", "aan het werk (%; verschil in "
                             "procentpunt)"),
    "twins_table.monthly_income": ("labour income a month (euro)",
                                   "inkomen uit werk per maand (euro)"),
    "twins_table.on_benefit": ("on a benefit (%; gap in % points)",
                               "met een uitkering (%; verschil in procentpunt)"),
    "twins_table.partnered": ("living with a partner (%; gap in % points)",
                              "samenwonend (%; verschil in procentpunt)"),
    # -- life story ------------------------------------------------------------------------------
    "story": ("A life story and the twin's", "Een levensverhaal en dat van de tweeling"),
    "person": ("Person", "Persoon"),
    "another_pair": ("Another pair that differs", "Ander paar dat verschilt"),
    "anyone": ("Anyone at random", "Willekeurig iemand"),
    "this_life": ("This life ({this})", "Dit leven ({this})"),
    "twin_life": ("The twin ({that})", "De tweeling ({that})"),
    "same_life": ("So far the twins' lives are the same.",
                  "Tot nu toe zijn de levens van de tweeling gelijk."),
    # -- choice, fate or chance ------------------------------------------------------------------
    "chance": ("Choice, fate or chance", "Keuze, lot of toeval"),
    "outcome": ("Life outcome", "Uitkomst van het leven"),
    "outcome.lifetime_income": ("lifetime labour income", "inkomen uit werk over het leven"),
    "outcome.benefit_months": ("months on a benefit", "maanden met een uitkering"),
    "outcome.healthy_working_years": ("healthy working years", "gezonde werkzame jaren"),
    "estimate": ("Estimate", "Schatten"),
    "estimate_note": ("Re-runs 1,000 lives 4 times with other luck: 5-10 seconds.",
                      "Speelt 1.000 levens 4 keer opnieuw met ander geluk: 5-10 seconden."),
    "estimating": ("Estimating: re-running 1,000 lives 4 times with other luck (5-10 seconds). "
                   "The rest of the page goes on meanwhile.",
                   "Bezig met schatten: 1.000 levens worden 4 keer opnieuw gespeeld met ander "
                   "geluk (5-10 seconden). De rest van de pagina gaat intussen door."),
    "share_origin": ("origin (fate)", "herkomst (lot)"),
    "share_chance": ("chance", "toeval"),
    "shares_axis": ("share of the differences in {outcome}",
                    "deel van de verschillen in {outcome}"),
    "shares": ("Origin {origin}, chance {chance}: people with the same origin, re-run with other "
               "luck, end up this far apart (A7.1).",
               "Herkomst {origin}, toeval {chance}: mensen met dezelfde herkomst, opnieuw "
               "gespeeld met ander geluk, lopen zo ver uiteen (A7.1)."),
    # -- the life story's sentences (simulation.teaching.story) --------------------------------
    "story.origin": ("Person {person}: born {year}, {sex}, {region}{city}; migration background: "
                     "{migration}; parents {parents}, parents' education {parents_education}"
                     "{extra}.",
                     "Persoon {person}: geboren in {year}, {sex}, {region}{city}; "
                     "migratieachtergrond: {migration}; ouders {parents}, opleiding ouders "
                     "{parents_education}{extra}."),
    "story.age": ("Age {age}: {events}.", "{age} jaar: {events}."),
    "story.now": ("Now ({age}): {state}, {benefit}, {health}, {children}.",
                  "Nu ({age}): {state}, {benefit}, {health}, {children}."),
    "story.depressed": ("; depressed at 12", "; depressief op 12"),
    "story.conduct": ("; conduct problems", "; gedragsproblemen"),
    "story.job": ("started a {contract} job{field}", "begon {contract}{field}"),
    "story.left_school": ("left school ({education})", "verliet school ({education})"),
    "sex.male": ("male", "man"),
    "sex.female": ("female", "vrouw"),
    "region.randstad": ("Randstad", "Randstad"),
    "region.intermediate": ("intermediate zone", "tussenzone"),
    "region.periphery": ("periphery", "periferie"),
    "city": (" (big city)", " (grote stad)"),
    "migration.none": ("none", "geen"),
    "migration.western": ("Western", "westers"),
    "migration.non_western": ("non-Western", "niet-westers"),
    "migration.refugee": ("refugee", "vluchteling"),
    "parents.together": ("together", "bij elkaar"),
    "parents.divorced": ("divorced", "gescheiden"),
    "level.low": ("low", "laag"),
    "level.middle": ("middle", "middelbaar"),
    "level.high": ("high", "hoog"),
    "educated.low": ("low educated", "laagopgeleid"),
    "educated.middle": ("middle educated", "middelbaar opgeleid"),
    "educated.high": ("high educated", "hoogopgeleid"),
    "contract.flex": ("flexible", "een flexibele baan"),
    "contract.permanent": ("permanent", "een vaste baan"),
    "contract.self_employed": ("self-employed (zzp)", "als zelfstandige (zzp)"),
    "contract.none": ("", "een baan"),
    "field.technology": (" in technology", " in de techniek"),
    "field.care": (" in care", " in de zorg"),
    "field.port": (" in the port", " in de haven"),
    "field.food": (" in food", " in de voeding"),
    "field.other": ("", ""),
    "now.school": ("in school", "op school"),
    "now.employed": ("employed", "aan het werk"),
    "now.unemployed": ("unemployed", "werkloos"),
    "now.inactive": ("not working or looking for work", "niet aan het werk of op zoek"),
    "now.sick": ("on sick leave", "ziek thuis"),
    "now.disabled": ("disabled for work", "arbeidsongeschikt"),
    "now.retired": ("retired", "met pensioen"),
    "benefit.none": ("no benefit", "geen uitkering"),
    "benefit.ww": ("on unemployment benefit (WW)", "met een WW-uitkering"),
    "benefit.bijstand": ("on social assistance (bijstand)", "in de bijstand"),
    "benefit.wajong": ("on Wajong", "met Wajong"),
    "benefit.wga": ("on partial disability benefit (WGA)", "met een WGA-uitkering"),
    "benefit.iva": ("on full disability benefit (IVA)", "met een IVA-uitkering"),
    "benefit.sickness": ("on sickness benefit", "met een Ziektewet-uitkering"),
    "health.healthy": ("healthy", "gezond"),
    "health.ill": ("ill", "ziek"),
    "health.mental": ("with mental health problems", "met psychische klachten"),
    "children.0": ("no children", "geen kinderen"),
    "children.1": ("1 child", "1 kind"),
    "children.n": ("{n} children", "{n} kinderen"),
    # -- a life event's Dutch phrase (English: the Event's phrase) -------------------------------
    "event.BIRTH_OF_CHILD": ("", "kreeg een kind"),
    "event.LEFT_SCHOOL": ("", "verliet school"),
    "event.DROPPED_OUT": ("", "stopte zonder diploma met school"),
    "event.JOB_START": ("", "begon een baan"),
    "event.JOB_END": ("", "verloor of verliet een baan"),
    "event.PERMANENT_CONTRACT": ("", "kreeg een vast contract"),
    "event.CHAIN_LIMIT_END": ("", "moest weg aan het eind van de keten van tijdelijke contracten"),
    "event.WW_START": ("", "kreeg een WW-uitkering"),
    "event.WW_END": ("", "WW stopte"),
    "event.BIJSTAND_START": ("", "kreeg bijstand"),
    "event.BIJSTAND_END": ("", "ging uit de bijstand"),
    "event.ILLNESS": ("", "werd ziek"),
    "event.MENTAL_ILLNESS": ("", "kreeg psychische klachten"),
    "event.RECOVERY": ("", "herstelde"),
    "event.SICK_LEAVE": ("", "meldde zich ziek"),
    "event.BACK_TO_WORK": ("", "ging na ziekte weer aan het werk"),
    "event.WGA_START": ("", "werd gedeeltelijk arbeidsongeschikt verklaard (WGA)"),
    "event.IVA_START": ("", "werd volledig en duurzaam arbeidsongeschikt verklaard (IVA)"),
    "event.WAJONG_START": ("", "kreeg Wajong (arbeidsongeschikt op jonge leeftijd)"),
    "event.PARTNERING": ("", "ging samenwonen"),
    "event.SEPARATION": ("", "ging uit elkaar"),
    "event.ARRIVAL": ("", "kwam als vluchteling naar Nederland"),
    "event.INBURGERING_DONE": ("", "rondde de inburgering af"),
    "event.LEFT_LABOUR_FORCE": ("", "stopte met werken of zoeken"),
    "event.STARTED_JOB_SEARCH": ("", "ging werk zoeken"),
    "event.EARLY_RETIREMENT": ("", "ging vervroegd met pensioen"),
    "event.RETIREMENT": ("", "bereikte de AOW-leeftijd"),
    "event.DEATH": ("", "overleed"),
    "event.ADOLESCENT_DEPRESSION": ("", "depressie in de puberteit"),
    "event.JOB_CHANGE": ("", "ging naar een andere werkgever"),
    "event.BORN": ("", "werd geboren"),
    "event.IMMIGRATION": ("", "kwam naar Nederland"),
    "event.EMIGRATION": ("", "vertrok uit Nederland"),
    "event.HOURS_CUT": ("", "verloor een deel van de werkuren"),
    "event.BIJSTAND_SANCTION": ("", "werd gekort op de bijstand (maatregel)"),
    "event.WGA_END": ("", "werd herbeoordeeld als arbeidsgeschikt (WGA beëindigd)"),
}  # fmt: skip


def say(key: str, lang: str = "en", **values: object) -> str:
    """The text of ``key`` in ``lang`` (``en`` or ``nl``), with ``{name}`` filled from
    ``values``. An unknown language is an error; an unknown key too (a typo shows in tests)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language '{lang}': allowed: {', '.join(LANGUAGES)}")
    text = WORDS[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def event_phrase(event: Event, lang: str = "en") -> str:
    """How a life story tells ``event``: the Event's own phrase, or its Dutch entry."""
    return event.phrase if lang == "en" else say(f"event.{event.name}", lang)


def number(value: float, lang: str = "en", decimals: int = 0, sign: bool = False) -> str:
    """``value`` with thousands separators and a decimal mark as ``lang`` writes them
    (5,000.5 in English, 5.000,5 in Dutch); ``sign`` adds + before positive values."""
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", "−")


def percent(share: float, lang: str = "en", decimals: int = 0) -> str:
    """A share (0.25) as a percentage (25%)."""
    return f"{number(share * 100, lang, decimals)}%"


def age_text(months: int, lang: str = "en") -> str:
    """An age in months as years and months (67 years 3 months)."""
    years, rest = divmod(int(months), 12)
    if rest:
        return say("years_months", lang, years=years, months=rest)
    return say("years", lang, years=years)


__all__ = ["LANGUAGES", "WORDS", "age_text", "event_phrase", "number", "percent", "say"]
