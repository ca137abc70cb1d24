"""Dutch danger patterns of the safety net, per category, most urgent first.

Each pattern is a regular expression over a message's spaCy tokens joined by single
spaces, matched twice: on the lower-cased tokens and on their lemmas (so "sloeg",
"slaat" and "slaan" meet in the lemma "slaan"; participles the lookup table lacks are
listed as forms). Keep patterns to clear disclosures: a mere mention of a word like
"mishandeling" in a question is not a disclosure (see MENTIONS and STUDY).
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
AGENT = words("hij", "zij", "ze", "die", "opa", "oma", "oom", "tante", "papa", "mama", "pa", "ma",
              "stiefvader", "stiefmoeder",
              "(?:mijn|m'n|haar|zijn|z'n|onze|de|een) " + words(
    ADULT_PARTNER, FAMILY_ADULT, "buurman", "buurvrouw", "buren", "stiefvader", "oppas",
    "trainer", "leraar", "meester", "juf", "begeleider", "vader", "moeder"))
OWN_CHILD = words("mijn", "m'n", "mn", "ons", "onze", "hem", "haar", "de baby", "het kind")
FIRST_PERSON = words("ik", "k")  # Flemish and informal Dutch write 'k for ik (tokens ' and k)
SUICIDE_WORD = words("zelfmoord", "zelfmord", "zelfdoding", "suïcide", "suicide", "suicidaal",
                     "suïcidaal", "zelfmoordgedachten", "zelfmoordgedachte") + r"\b"
INJURY = words("verwondingen", "verwonding", "letsel", "blauwe plekken",
               "breuken", "botbreuken", "een breuk", "brandwonden", "kneuzingen")
INJURY_MENTIONED = (r"(?=.*\b(?:verwonding\w*|letsel|blauwe|plek|plekken|plekjes|breuk\w*|gebroken|"
                    r"brandwond\w*|brandplek\w*|kneuzing\w*|gewond|wond|wonden|wondjes|striemen|bult\w*)\b)")
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
        rf"\b{words('al mijn', 'alle', 'een hele strip', 'hele strip', 'een doosje', 'een potje', 'te veel', 'veel te veel')} (?:\w+ ){{0,2}}{words('pillen', 'medicijnen', 'antidepressiva', 'slaappillen', 'tabletten', 'paracetamol')}\b.*\b{words('ingenomen', 'geslikt', 'genomen', 'leeggegeten', 'opgegeten')}",
        rf"\b{words('haalt geen adem', 'ademt niet', 'reageert nergens meer op', 'reageert nergens op', 'ogen draaien weg', 'doet zijn ogen niet meer open', 'doet haar ogen niet meer open', 'doet zijn ogen nie meer open', 'zegt niks meer', 'zegt niets meer')}\b",
        rf"\b{words('paracetamol', 'paracetamolsiroop', 'siroop', 'pillen', 'medicijnen', 'tabletten', 'slaappillen')}\b.*\b{words('leeggedronken', 'opgedronken', 'leeggegeten', 'opgegeten')}\b",
    ],
    # Suicidal thoughts or self-harm: 113.
    "suicide": [
        # A bare "zelfmoord" only with the writer or their family in it: "hoe praat je met
        # een puber over zelfmoord" is a question about the subject.
        rf"\b{words('ik', 'mij', 'me', 'mezelf', 'mijn', 'mn', 'm', 'ons', 'onze')}\b.*\b{SUICIDE_WORD}|\b{SUICIDE_WORD}.*\b{words('ik', 'mij', 'me', 'mezelf')}\b",
        rf"\b{words('geprobeerd', 'poging')} (?:\w+ ){{0,4}}{words('op te hangen', 'ophangen', 'te springen', 'van het leven te beroven', 'zelfmoord', 'een einde')}",
        rf"\buit het leven\b(?! gegrepen)",
        rf"\b{words('verdwijnen voor altijd', 'voor altijd verdwijnen', 'voor altijd weg')}\b",
        rf"\btrek {words('dit', 'het')} leven (?:\w+ ){{0,3}}niet meer\b",
        rf"\b{words('ik', 'wil', 'zou', 'liefst', 'soms')} (?:\w+ ){{0,4}}{words('dood willen', 'wil dood', 'dood zijn', 'niet meer leven', 'niet meer wil leven', 'er niet meer zijn', 'er niet meer wil zijn', 'niet meer wakker worden', 'niet meer bestaan', 'er een einde aan maken', 'er een eind aan maken', 'mijn leven beëindigen', 'uit het leven stappen')}\b",
        rf"\b{words('wil', 'wou', 'zou willen')} (?:\w+ ){{0,2}}dood\b",
        rf"\b{words('een einde', 'een eind')} aan (?:mijn|m'n|mn) leven\b",
        rf"\bmezelf {words('iets aandoen', 'iets aan doen', 'iets aan te doen', 'van kant maken', 'pijn doen', 'snijden', 'snij', 'wat aandoen', 'ophangen')}",
        rf"\b(?:ik|mezelf) {words('snij', 'snijd', 'kras')} (?:\w+ ){{0,3}}{words('mezelf', 'mijn armen', 'mijn arm', 'in mijn')}",
        rf"\bleven {words('heeft geen zin meer', 'heeft geen zin', 'is zinloos')}\b",
        rf"\b{words('niet meer wil leven', 'wil niet meer leven', 'dood wil', 'wil dood', 'niet meer wakker wil worden', 'wil niet meer wakker worden', 'wil gewoon niet meer wakker worden')}\b",
        rf"\b{words('denk', 'denken', 'dacht', 'bedenken', 'gedachten')} (?:\w+ ){{0,6}}{words('springen', 'voor de trein', 'een eind aan', 'een einde aan')}",
        rf"\b{words('snij', 'snijd', 'kras', 'bonk')} (?:\w+ ){{0,3}}{words('mezelf', 'in mn', 'in mijn', 'mn armen', 'mijn armen', 'met mn hoofd', 'met mijn hoofd')}",
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
        rf"\bik wil (?:\w+ ){{0,3}}{words('geen pijn doen', 'niets aandoen', 'niks aandoen')}\b",
        rf"\b{FIRST_PERSON} {words('heb', 'had')} (?:\w+ ){{0,5}}{words('een lap', 'een klap', 'een mep', 'een tik', 'een schop', 'een draai om de oren')}\b",
        rf"\b{FIRST_PERSON} (?:\w+ ){{0,3}}{words('hem', 'haar', 'de baby', 'het kind', 'mijn baby', 'mijn kind')} {words('tegen de muur', 'uit het raam', 'van de trap', 'op de grond')} (?:\w+ ){{0,2}}{words('gooien', 'smijten', 'gooi', 'smijt')}\b",
        rf"\bkussen {words('boven', 'op')} (?:\w+ ){{0,1}}{words('gezicht', 'gezichtje', 'hoofd', 'hoofdje')}\b",
        rf"\bneiging (?:\w+ ){{0,6}}{words('kussen', 'drukken', 'slaan', 'schudden', 'gooien', 'pijn te doen', 'iets aan te doen')}\b",
        rf"\b{words('vertrouw mezelf niet', 'mezelf niet meer in de hand', 'mezelf niet in de hand', 'waas voor mijn ogen')}\b",
        rf"\bgedachten {words('dat ik', 'om')} (?:\w+ ){{0,4}}{words('iets aandoe', 'iets aan te doen', 'pijn te doen', 'pijn doe')}",
    ],
    # A child or teenager about themselves: De Kindertelefoon + Veilig Thuis.
    "child_self": [
        rf"\b(?:mijn|m'n|mn) {FAMILY_ADULT} {HURT} (?:\w+ ){{0,2}}{words('mij', 'me')}\b",
        rf"\b(?:mijn|m'n|mn) {FAMILY_ADULT} {words('heeft', 'hebben')} (?:\w+ ){{0,2}}{words('mij', 'me')} (?:\w+ ){{0,3}}{HURT}",
        rf"\bik {words('word', 'wordt', 'werd')} (?:\w+ ){{0,4}}{words('geslagen', 'geschopt', 'mishandeld', 'misbruikt', 'opgesloten', 'gestompt', 'betast', 'verkracht', 'aangeraakt', 'uitgescholden en geslagen')}",
        rf"\bik {words('krijg', 'kreeg', 'mag')} (?:\w+ ){{0,3}}{words('geen eten', 'niet eten', 'niks te eten', 'niets te eten', 'klappen', 'slaag', 'een pak slaag')}",
        rf"\b{words('krijg', 'kreeg')} ik (?:\w+ ){{0,2}}{words('er van langs', 'ervan langs', 'klappen', 'slaag', 'een pak slaag')}\b",
        rf"\b{words('aan mij', 'aan me', 'bij mij', 'bij me')} {words('zit', 'zat', 'komt', 'doet', 'aanzit')}\b|\bvieze dingen\b|\bons geheimpje\b",
        rf"\b{words('zit', 'zat', 'zitten', 'komt', 'kwam')} (?:\w+ ){{0,2}}{words('aan mij', 'aan me', 'aan mijn lichaam')}\b",
        rf"\bmoet ik (?:\w+ ){{0,6}}{words('in de kast', 'in het donker', 'in de kelder')} (?:\w+ ){{0,3}}{words('zitten', 'blijven', 'slapen')}\b",
        rf"\bik {words('durf', 'wil')} (?:\w+ ){{0,2}}niet (?:meer )?{words('naar huis', 'thuis')}",
        rf"\bik ben bang (?:\w+ ){{0,3}}{words('thuis', 'naar huis', 'voor mijn vader', 'voor mijn moeder', 'voor papa', 'voor mama', 'voor mijn stiefvader')}",
        rf"\bik (?:\w+ ){{0,2}}{words('voel me', 'ben')} (?:\w+ ){{0,2}}niet veilig (?:\w+ ){{0,2}}thuis\b",
        rf"\b(?:mijn|m'n|mn) {FAMILY_ADULT} (?:\w+ ){{0,2}}{words('mij', 'me')} (?:\w+ ){{0,4}}{words('opsluit', 'slaat', 'schopt', 'pijn doet', 'aanraakt', 'betast', 'bijt', 'knijpt')}\b",
    ],
    # Abuse, neglect, sexual abuse or domestic violence (also bystanders): Veilig Thuis.
    "abuse": [
        rf"\b{AGENT} {HURT} (?:\w+ ){{0,3}}{VICTIM}\b",
        rf"\b{AGENT} {words('heeft', 'hebben')} (?:\w+ ){{0,2}}{VICTIM} (?:\w+ ){{0,4}}{HURT}",
        rf"\b{VICTIM} {words('wordt', 'worden', 'werd', 'werden', 'is', 'zijn')} (?:\w+ ){{0,4}}{words('geslagen', 'geschopt', 'mishandeld', 'misbruikt', 'verwaarloosd', 'opgesloten', 'betast', 'verkracht', 'bedreigd', 'gestompt', 'afgetuigd')}",
        rf"\b{words('wordt', 'worden')} (?:\w+ ){{0,4}}{words('geslagen', 'mishandeld', 'misbruikt', 'verwaarloosd', 'betast', 'verkracht', 'opgesloten')}\b",
        # A child left to live alone: neglect.
        rf"\balleen thuis\b.*\b{words('dagen', 'weken', 'nachten', 'niet gezien', 'niet meer gezien')}\b|\b{words('dagen', 'weken', 'nachten')}\b.*\balleen thuis\b|\balleen thuis {words('woont', 'wonen')}\b",
        rf"\b{words('blauwe plekken', 'blauwe plekjes', 'brandwonden', 'brandplekken', 'brandplekjes', 'striemen')}\b",
        # Subordinate clause: "... dat haar partner de baby heeft gebeten".
        rf"\b{AGENT} {VICTIM} (?:\w+ ){{0,3}}{words('heeft', 'hebben', 'had')} (?:\w+ ){{0,2}}{HURT}",
        rf"\b{AGENT} {VICTIM} (?:\w+ ){{0,4}}{words('aanraakt', 'betast', 'opsluit', 'slaat', 'schopt', 'pijn doet', 'bijt', 'knijpt', 'aanzit')}\b",
        rf"\b{words('vergeet', 'vergeten', 'weigert', 'geeft')} (?:\w+ ){{0,4}}{words('eten te geven', 'geen eten', 'geen drinken', 'niks te eten')}",
        rf"\bthuis (?:\w+ ){{0,3}}{words('niet veilig', 'onveilig')}\b",
        rf"\b{words('handtastelijk', 'handen niet thuis')}\b",
        rf"\bseksuele? {words('handelingen', 'spelletjes', 'dingen')}\b",
        # "het verhaal klopt niet", only where the message speaks of an injury.
        rf"^{INJURY_MENTIONED}.*\b{words('verhaal', 'uitleg')} (?:\w+ ){{0,3}}{words('klopt', 'klopte', 'past', 'paste')} (?:\w+ ){{0,3}}{words('niet', 'van geen kant')}",
        # Injuries that the carers' story does not explain: a classic sign professionals report.
        rf"\b{INJURY} (?:\w+ ){{0,2}}{words('die', 'dat')} (?:\w+ ){{0,6}}niet (?:\w+ ){{0,6}}{words('passen', 'past', 'kloppen', 'klopt', 'verklaard', 'te verklaren')}\b",
        rf"\b{words('onverklaarbare', 'onverklaarbaar', 'onverklaarde', 'onverklaard')} {INJURY}",
        rf"\b{words('zorgen', 'vermoed', 'vermoeden', 'ik zie', 'zie ik', 'zag')}\b.*\b{words('zonder ontbijt', 'geen ontbijt', 'vieze kleren', 'onverzorgd', 'verwondingen', 'gebroken armpje', 'gebroken arm', 'brandplekjes')}\b",
        rf"\b{words('krijgt', 'kreeg')} (?:\w+ ){{0,2}}{words('er van langs', 'ervan langs', 'klappen', 'slaag', 'een pak slaag')}\b",
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

# A question about the subject (study, sources), not about someone's situation: when no
# danger pattern matched, the classifier's guess alone does not trigger the safety reply.
STUDY = r"\b(?:scriptie|werkstuk|studie|bronnen|literatuur|artikel|onderzoek|presentatie|les over|tentamen|thema|hoe praat)\b"

# Words that, in an ordinary question, earn one calm help-line line under the answer.
MENTIONS = r"\b(?:mishandel\w*|verwaarloos\w*|verwaarlozing|misbruik\w*|huiselijk geweld|geweld|kindermishandeling|seksueel)\b"

# Cues that decide the category of a disclosure, checked in this order (detector.categorize):
# a weapon or "nu" makes it acute; a child's own voice gets the child's reply; any other
# sign of abuse or neglect gets Veilig Thuis.
POSS = r"(?:mijn|m'n|mn)"
CATEGORY_CUES = {
    "acute": (
        r"\b(?:(?:vlees|brood|keuken|steek|zak)?mes|messen|pistool|wapen|keel dicht\w*|ligt op de grond|ogen nie(?:t)? meer open|zegt niks meer|zegt niets meer|al (?:\w+ ){0,2}minuten|door het lint|dichtgeknepen|ingetrapt|wurgt|overdosis|bewusteloos|"
        r"ademt niet|ademt raar|haalt geen adem|wordt niet meer wakker|reageert niet|reageert nergens|"
        r"ogen draaien weg|helemaal slap|pillen ingenomen|strip pillen|leeggegeten|ingenomen|"
        r"levensgevaar|zitten opgesloten|zit opgesloten|zitten verstopt|aan het flippen|"
        r"dreigt (?:\w+ ){0,3}te springen)\b"
        r"|\b(?:nu|op dit moment|nu meteen)\b.*\b(?:slaat|slaan|dreigt|schopt|schoppen|gooit|staat|knijpt|ramt)\b"
        r"|\b(?:slaat|dreigt|schopt|gooit|staat|knijpt|ramt)\b.*\b(?:nu|op dit moment)\b"
        r"|\bis (?:\w+ )?aan het (?:slaan|schoppen|vechten)\b"
    ),
    "suicide": (
        r"zelfmoord|zelfdoding|suïcid|suicid|dood wil|wil dood|dood zijn|niet meer leven|"
        r"niet meer wil leven|er (?:\w+ )?niet meer (?:zijn|ben|wil zijn)|niet meer bestond|"
        r"niet meer besta|beter (?:af )?(?:is |zijn )?zonder mij|afscheidsbrie|niet meer wakker (?:wil )?worden|"
        r"dat ik niet meer wakker word|verdwijnen voor altijd|voor altijd verdwijnen|leven (?:\\w+ ){0,3}niet meer|"
        r"eind[e]? aan (?:mijn|m'n|mn|het) leven|een eind[e]? aan (?:kan |te )?maken|"
        r"mezelf (?:iets aan|van kant|pijn|snij|te straffen|straffen)|snij mezelf|kras in|uit het leven|"
        r"pillen op|spaar (?:\w+ ){0,3}pillen|pillen gespaard|springen|op te hangen|ophangen"
    ),
    "harm_baby": (
        r"\bik (?:\w+ ){0,7}(?:door elkaar geschud|geschud|te hard|tegen de muur|ruwer|knijpen|"
        r"gegooid|gesmeten|getrokken|een schop|een klap|hardhandig|pijn gedaan|pijn doen|iets aandoe|iets aan doe|"
        r"zo hard geslagen|heb geslagen)"
        r"|\bhand (?:al )?opgeheven\b|\bbang dat het misgaat\b|\bals (?:papa|mama|moeder|vader) van\b"
        r"|\bvertrouw mezelf niet|\bmezelf niet (?:meer )?in de hand|\bwaas voor mijn ogen|\bneiging\b"
        r"|\bbeelden (?:\w+ ){0,4}dat ik|\bwoest op (?:mijn|mn) kind|\bzelfbeheersing verliest"
        r"|\bbang dat ik iets (?:ga )?doe|\bop ontploffen\b"
        r"|\b(?:ik )?heb (?:mijn|mn|m'n|ons) (?:\w+ ){0,9}(?:getrokken|geslagen|gesmeten|geschud|gerammeld|geknepen|geschopt|gegeven)"
        r"|\bik (?:\w+ ){0,9}knijp\b|\bkussen (?:boven|op)\b|\b(?:ik|'k) (?:\w+ ){0,3}(?:compleet |helemaal )?(?:kwijt|de controle)"
    ),
    "child_self": (
        r"\b(?:ik )?ben (?:[4-9]|1[0-7])\b|\bik heb honger\b|\bdurf niet naar huis\b"
        r"|\b" + POSS + r" (?:mama|mamma|papa|pappa|pa|ma|moeder|vader|ouders|stiefvader|stiefmoeder|oom|broer|opa)\b"
        r".*\b(?:me|mij|ons)\b"
        r"|\b(?:mama|papa) (?:is|gaat) (?:\w+ ){0,3}(?:weg|schreeuwen|slaan)\b|\bals ik (?:niet luister|uit school kom)\b"
        r"|\b" + POSS + r" ouders zijn (?:\w+ ){0,3}weg\b"
    ),
    "abuse": (
        r"\b(?:slaat|sloeg|geslagen|slaan|mept|sleurt|schopt|schopte|mishandel\w*|misbruik\w*|misbuik\w*|handtastelijk|klappen|klap|"
        r"geen eten|niks te eten|niets te eten|honger|dagen weg|dagen alleen|"
        r"verwaarloos\w*|verwaarlozing|geweld|opgesloten|opsluit|zit aan|aan haar zit|aan hem zit|"
        r"alleen thuis|broodmager|gebruiken|dronken|bedreigt|dreigt|blauwe plek\w*|brandplek\w*|"
        r"plast (?:\w+ )?weer in bed|bij haar in bed|verwonding\w*|schudt|door elkaar|pak slaag|een tik)\b"
    ),
}

# Everyday uses of danger-looking words. When no danger pattern matched, these stop the
# classifier's guess from triggering the safety reply ("hij slaat de bal", "ik schrok me dood").
HARMLESS = (
    r"\b(?:sla|slaat|slaan|sloeg|schopt|schoppen|trapt|trappen|gooit|gooien|mept|smijt|smijten|verslaat)\b"
    r" (?:\w+ ){0,5}(?:bal|ballen|deur|deuren|garagedeur|bord|eten|speelgoed|racket|spijker|kerst|"
    r"vraag|flater|figuur|memory|spelletje)\b"
    r"|\bdood(?:moe|eng|ziek|stil|gewoon|leuk|op|saai)\b"
    r"|\b(?:lach|verveel|schrik|schrok|schaam|schaamde|schamen|ga|gaat) (?:\w+ ){0,2}dood\b|\bme een hoedje\b"
    r"|\b(?:kussengevecht|gek van|slappe lach)\b|\bvechten (?:\w+ ){0,3}om\b"
    # An accident: "is gevallen en heeft een blauwe plek".
    r"|\b(?:gevallen|gestoten|gestruikeld|valpartij)\b.*\bblauwe plek"
    # "opslaan" split up: "slaan jullie mijn gegevens op".
    r"|\bsla\w* (?:\w+ ){0,3}(?:gegevens|persoonsgegevens|data|informatie|chat|gesprek|naam|berichten)\b"
    r"|\bbang (?:\w+ ){0,2}(?:in het donker|voor de hond|voor onweer|voor spinnen|voor de dokter)\b"
    # A young child who hits or bites: behaviour to ask about, not abuse.
    r"|\b(?:dreumes|peuter|baby|kleuter|zoontje|dochtertje|broertje|zusje|kindje|puber)"
    r" (?:\w+ ){0,2}(?:slaat|schopt|bijt|duwt|gooit|krabt|mept)\b"
    # Only as the message's subject: "de vriend van mijn kind van 3 slaat hem" stays a disclosure.
    r"|^(?:\w+ ){0,3}(?:mijn|m'n|mn|onze|ons) (?:zoon|dochter|kind|jongen|meisje) van"
    r" (?:[1-9]|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)(?: jaar)? (?:\w+ ){0,2}"
    r"(?:slaat|schopt|bijt|duwt|gooit|krabt|mept)\b"
)
