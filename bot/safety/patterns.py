"""Dutch danger patterns of the safety net, per category, most urgent first.

Each pattern is a regular expression over a message's spaCy tokens joined by single
spaces, matched twice: on the lower-cased tokens and on their lemmas (so "sloeg",
"slaat" and "slaan" meet in the lemma "slaan"; participles the lookup table lacks are
listed as forms). Keep patterns to clear disclosures: a mere mention of a word like
"mishandeling" in a question is not a disclosure (see INFORMATIONAL).
"""
from __future__ import annotations

from typing import Dict, List


def words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


# Building blocks (token-level alternatives).
HURT = words(
    "slaan", "slaat", "sla", "sloeg", "sloegen", "geslagen", "schoppen", "schopt", "geschopt",
    "trappen", "trapt", "getrapt", "mishandelen", "mishandelt", "mishandeld", "duwen", "duwt",
    "geduwd", "knijpen", "knijpt", "geknepen", "wurgen", "wurgt", "gewurgd", "stompen",
    "stompt", "gestompt", "slaag", "klappen", "bijten", "bijt", "gebeten", "pijn doen",
    "pijn gedaan", "doet pijn", "doen pijn", "verbranden", "verbrandt", "verbrand",
    "in elkaar geslagen", "aftuigen", "aftuigt", "afgetuigd", "misbruiken", "misbruikt",
    "verkrachten", "verkracht", "betasten", "betast", "bedreigen", "bedreigt", "bedreigd",
    "opsluiten", "sluit", "opgesloten", "gooien", "gooit", "smijt", "smijten",
)
VICTIM = words(
    "mij", "me", "ons", "haar", "hem", "hun", "de kinderen", "de kids", "de baby",
    "het kind", "(?:mijn|m'n|ons|onze|haar|zijn|z'n) "
    + words("kind", "kinderen", "kids", "zoon", "zoontje", "dochter", "dochtertje", "baby",
            "jongste", "oudste", "broertje", "zusje", "broer", "zus", "moeder", "mama",
            "vrouw", "vriendin", "pleegkind", "pleegzoon", "pleegdochter", "kleinkind",
            "kleinzoon", "kleindochter", "leerling", "cliënt", "client"),
)
ADULT_PARTNER = words("man", "vrouw", "partner", "vriend", "vriendin", "ex", "echtgenoot",
                      "echtgenote", "schoonmoeder", "schoonvader")
FAMILY_ADULT = words("vader", "moeder", "papa", "mama", "pap", "mam", "stiefvader",
                     "stiefmoeder", "ouders", "oom", "tante", "opa", "oma", "broer",
                     "vriend van mijn moeder", "vriend van mama", "nieuwe vriend")
AGENT = words("hij", "zij", "ze", "die", "(?:mijn|m'n|haar|zijn|z'n|onze|de) " + words(
    ADULT_PARTNER, FAMILY_ADULT, "buurman", "buurvrouw", "buren", "stiefvader", "oppas",
    "trainer", "leraar", "meester", "juf", "begeleider"))
OWN_CHILD = words("mijn", "m'n", "ons", "onze", "hem", "haar", "de baby", "het kind")
NOW = words("nu", "nu meteen", "op dit moment", "op dit moment nog", "net", "vannacht", "vanavond")

PATTERNS: Dict[str, List[str]] = {
    # Danger right now: 112.
    "acute": [
        rf"\b{AGENT} {words('staat', 'is')} (?:\w+ ){{0,3}}{words('met een mes', 'met een wapen', 'met een pistool')}",
        rf"\b{words('mes', 'wapen', 'pistool')}\b.*\b{words('dreigt', 'bedreigt', 'zwaait', 'steken', 'steekt', 'vermoorden', 'doodmaken', 'dood')}",
        rf"\b{words('dreigt', 'bedreigt', 'gaat', 'wil')} (?:\w+ ){{0,3}}{words('vermoorden', 'vermoordt', 'dood te maken', 'doodmaken', 'doodsteken', 'af te maken')}",
        rf"\b{HURT} (?:\w+ ){{0,3}}{NOW}\b|\b{NOW} (?:\w+ ){{0,3}}{HURT}\b",
        rf"\b{words('ademt niet', 'ademt niet meer', 'is bewusteloos', 'bewusteloos', 'reageert niet meer', 'wordt niet meer wakker', 'blauw aan')}\b",
        rf"\b{words('help', 'hulp')} (?:\w+ ){{0,2}}{words('nu', 'snel', 'nodig nu')}\b.*\b{words('slaat', 'bloed', 'bloedt', 'pijn', 'gevaar')}",
        rf"\bin {words('levensgevaar', 'acuut gevaar', 'direct gevaar')}\b",
    ],
    # Suicidal thoughts or self-harm: 113.
    "suicide": [
        rf"\b{words('zelfmoord', 'zelfdoding', 'suïcide', 'suicide', 'suicidaal', 'suïcidaal', 'zelfmoordgedachten', 'zelfmoordgedachte')}\b",
        rf"\b{words('ik', 'wil', 'zou', 'liefst', 'soms')} (?:\w+ ){{0,4}}{words('dood willen', 'wil dood', 'dood zijn', 'niet meer leven', 'niet meer wil leven', 'er niet meer zijn', 'er niet meer wil zijn', 'niet meer wakker worden', 'niet meer bestaan', 'er een einde aan maken', 'er een eind aan maken', 'mijn leven beëindigen', 'uit het leven stappen')}\b",
        rf"\b{words('wil', 'wou', 'zou willen')} (?:\w+ ){{0,2}}dood\b",
        rf"\b{words('een einde', 'een eind')} aan (?:mijn|m'n) leven\b",
        rf"\bmezelf {words('iets aandoen', 'iets aan doen', 'iets aan te doen', 'van kant maken', 'pijn doen', 'snijden', 'snij', 'wat aandoen', 'ophangen')}",
        rf"\b(?:ik|mezelf) {words('snij', 'snijd', 'kras')} (?:\w+ ){{0,3}}{words('mezelf', 'mijn armen', 'mijn arm', 'in mijn')}",
        rf"\bleven {words('heeft geen zin meer', 'heeft geen zin', 'is zinloos')}\b",
        rf"\b{words('ik zie het niet meer zitten', 'zie het leven niet meer zitten', 'wil niet meer verder leven', 'ik wil er niet meer zijn')}\b",
    ],
    # A parent afraid of hurting their own child, or who lost control: Veilig Thuis + huisarts.
    "harm_baby": [
        rf"\bbang (?:\w+ ){{0,3}}(?:ik|mezelf) (?:\w+ ){{0,5}}{words('iets aandoe', 'iets aan doe', 'iets ga aandoen', 'pijn doe', 'zal slaan', 'ga slaan', 'sla', 'schud', 'ga schudden', 'zal schudden', 'iets zal aandoen', 'door elkaar schud', 'niet meer in de hand heb')}",
        rf"\bik {words('heb', 'had')} (?:\w+ ){{0,5}}{words('door elkaar geschud', 'geschud', 'geslagen', 'pijn gedaan', 'hard vastgepakt', 'geknepen', 'een klap gegeven', 'tegen de muur')}",
        rf"\bik {words('sla', 'sloeg', 'schud', 'schudde', 'knijp', 'kneep')} (?:\w+ ){{0,3}}{OWN_CHILD}\b",
        rf"\bik {words('kon', 'kan')} (?:\w+ ){{0,2}}{words('mezelf niet', 'me niet', 'mezelf bijna niet', 'me bijna niet')} (?:meer )?{words('beheersen', 'inhouden', 'in de hand houden')}",
        rf"\b{words('zou', 'wil', 'wou')} (?:\w+ ){{0,2}}{words('hem', 'haar', 'de baby', 'het kind', 'mijn baby', 'mijn kind')} {words('iets aandoen', 'door elkaar schudden', 'uit het raam gooien', 'tegen de muur gooien', 'slaan', 'pijn doen')}",
        rf"\b{words('bijna', 'haast')} (?:\w+ ){{0,2}}{words('geslagen', 'geschud', 'door elkaar geschud', 'iets aangedaan')}",
        rf"\bgedachten {words('dat ik', 'om')} (?:\w+ ){{0,4}}{words('iets aandoe', 'iets aan te doen', 'pijn te doen', 'pijn doe')}",
    ],
    # A child or teenager about themselves: De Kindertelefoon + Veilig Thuis.
    "child_self": [
        rf"\b(?:mijn|m'n) {FAMILY_ADULT} {HURT} (?:\w+ ){{0,2}}{words('mij', 'me')}\b",
        rf"\b(?:mijn|m'n) {FAMILY_ADULT} {words('heeft', 'hebben')} (?:\w+ ){{0,2}}{words('mij', 'me')} (?:\w+ ){{0,3}}{HURT}",
        rf"\bik {words('word', 'wordt', 'werd')} (?:\w+ ){{0,4}}{words('geslagen', 'geschopt', 'mishandeld', 'misbruikt', 'opgesloten', 'gestompt', 'betast', 'verkracht', 'aangeraakt', 'uitgescholden en geslagen')}",
        rf"\bik {words('krijg', 'kreeg', 'mag')} (?:\w+ ){{0,3}}{words('geen eten', 'niet eten', 'niks te eten', 'niets te eten', 'klappen', 'slaag', 'een pak slaag')}",
        rf"\bik {words('durf', 'wil')} (?:\w+ ){{0,2}}niet (?:meer )?{words('naar huis', 'thuis')}",
        rf"\bik ben bang (?:\w+ ){{0,3}}{words('thuis', 'naar huis', 'voor mijn vader', 'voor mijn moeder', 'voor papa', 'voor mama', 'voor mijn stiefvader')}",
        rf"\bik (?:\w+ ){{0,2}}{words('voel me', 'ben')} (?:\w+ ){{0,2}}niet veilig (?:\w+ ){{0,2}}thuis\b",
    ],
    # Abuse, neglect, sexual abuse or domestic violence (also bystanders): Veilig Thuis.
    "abuse": [
        rf"\b{AGENT} {HURT} (?:\w+ ){{0,3}}{VICTIM}\b",
        rf"\b{AGENT} {words('heeft', 'hebben')} (?:\w+ ){{0,2}}{VICTIM} (?:\w+ ){{0,4}}{HURT}",
        rf"\b{VICTIM} {words('wordt', 'worden', 'werd', 'werden', 'is', 'zijn')} (?:\w+ ){{0,4}}{words('geslagen', 'geschopt', 'mishandeld', 'misbruikt', 'verwaarloosd', 'opgesloten', 'betast', 'verkracht', 'bedreigd', 'gestompt', 'afgetuigd')}",
        rf"\b{words('wordt', 'worden')} (?:\w+ ){{0,4}}{words('geslagen', 'mishandeld', 'misbruikt', 'verwaarloosd', 'betast', 'verkracht')}\b",
        rf"\b{words('blauwe plekken', 'brandwonden', 'striemen')}\b",
        rf"\b{words('laat', 'laten', 'liet')} (?:\w+ ){{0,3}}{words('de kinderen', 'ons', 'hem', 'haar', 'de baby', 'de kids', 'mijn kind', 'het kind', 'zijn kinderen', 'haar kinderen')} (?:\w+ ){{0,4}}{words('alleen', 'zonder eten', 'in de steek')}",
        rf"\b{words('geen eten', 'zonder eten', 'niks te eten', 'niets te eten', 'honger')}\b.*\b{words('kinderen', 'kind', 'baby', 'zoon', 'dochter', 'buurjongen', 'buurmeisje', 'leerling')}\b",
        rf"\b{words('kinderen', 'kind', 'baby', 'zoon', 'dochter', 'buurjongen', 'buurmeisje', 'leerling')}\b.*\b{words('geen eten', 'zonder eten', 'niks te eten', 'niets te eten', 'honger lijden', 'heeft honger', 'hebben honger', 'vies en hongerig')}\b",
        rf"\b{words('vermoed', 'vermoeden', 'denk', 'denken', 'ben bang', 'zijn bang', 'vrees', 'zorgen')} (?:\w+ ){{0,5}}{words('mishandeld', 'misbruikt', 'verwaarloosd', 'geslagen', 'mishandeling', 'misbruik', 'verwaarlozing', 'huiselijk geweld')}",
        rf"\b{words('thuis', 'bij ons', 'bij hen', 'bij de buren', 'in ons huis', 'in huis')} (?:\w+ ){{0,4}}{words('geweld', 'huiselijk geweld', 'mishandeling', 'misbruik')}",
        rf"\b{words('huiselijk geweld', 'geweld')} (?:\w+ ){{0,3}}{words('thuis', 'bij ons', 'in huis', 'in ons gezin')}",
        rf"\b{words('niet veilig', 'onveilig')} (?:\w+ ){{0,2}}{words('thuis', 'bij haar vader', 'bij zijn vader', 'bij haar moeder', 'bij zijn moeder', 'bij hem', 'bij haar')}",
        rf"\b{words('aangeraakt', 'aanraakt', 'aanraken', 'zit aan', 'zat aan', 'betast')} (?:\w+ ){{0,4}}{words('op plekken', 'tussen', 'onder', 'waar', 'intieme', 'private', 'geslachtsdelen', 'plassertje', 'piemel', 'borsten', 'kruis')}",
    ],
}

# A message that only asks about these subjects is information, not a disclosure.
INFORMATIONAL = [
    r"\b(?:risicofactor|risico|hechting|gehechtheid|hechtingsprobleem|gevolgen?|invloed|effect|onderzoek|richtlijn|literatuur|definitie|wat is|wat doet|wat betekent|hoe vaak|hoeveel)\b",
]

# Words that, in an ordinary question, earn one calm help-line line under the answer.
MENTIONS = r"\b(?:mishandel\w*|verwaarloos\w*|verwaarlozing|misbruik\w*|huiselijk geweld|geweld|kindermishandeling|seksueel)\b"
