"""Deterministic danger patterns: only the unambiguous.

The risk model (risk_model.py) reads everything; these patterns are the floor under it
for wordings that can mean only one thing ("ik wil dood", "hij staat met een mes").
Each is matched on one reading unit (at most 400 characters, bot/language/sentences.py),
lower-cased with accents folded, on the words as typed: no lemmas, so the same on every
Dutch pipeline. Gaps between word groups are bounded word runs (`(?:\\S+ ){0,3}`),
never `.*`, so matching time grows linearly with the text.

Rules for maintainers: a pattern must be clear out of context and never a sentence from
a test set (`make content-check` refuses near-duplicates). Borderline wordings belong in
the risk corpus (data/safety/), where the model learns them with their hard negatives.
"""

from __future__ import annotations


def words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


def gap(most: int) -> str:
    """Up to `most` words between two word groups."""
    return rf"(?:\S+ ){{0,{most}}}"


HIT = words(
    "sla",
    "slaat",
    "sloeg",
    "sloegen",
    "schopt",
    "schopte",
    "trapt",
    "stompt",
    "wurgt",
    "mishandelt",
    "mishandelde",
    "misbruikt",
    "misbruikte",
    "verkracht",
    "verkrachtte",
)
HIT_PASSIVE = words(
    "geslagen",
    "geschopt",
    "getrapt",
    "gestompt",
    "gewurgd",
    "mishandeld",
    "misbruikt",
    "verkracht",
    "verwaarloosd",
    "opgesloten",
    "betast",
)
SOMEONE = words(
    "hij",
    "zij",
    "ze",
    "mijn man",
    "mijn vriend",
    "mijn partner",
    "mijn ex",
    "mijn vader",
    "mijn moeder",
    "mijn stiefvader",
    "mijn stiefmoeder",
    "haar vader",
    "zijn vader",
    "haar vriend",
    "de vader",
    "de moeder",
    "papa",
    "mama",
)
VICTIM = words(
    "mij",
    "me",
    "ons",
    "haar",
    "hem",
    "de kinderen",
    "de kids",
    "de baby",
    "het kind",
    "mijn kind",
    "mijn kinderen",
    "mijn zoon",
    "mijn dochter",
    "mijn baby",
    "mijn moeder",
    "mijn vrouw",
    "mijn vriendin",
    "mijn broertje",
    "mijn zusje",
    "onze zoon",
    "onze dochter",
    "ons kind",
    "onze kinderen",
    "onze baby",
)
WEAPON = words("mes", "messen", "keukenmes", "wapen", "pistool", "geweer", "vuurwapen", "bijl")
NOW = words("nu", "op dit moment", "nu meteen", "op dit moment nog")
# Word groups of the longer patterns below.
NOT_BREATHING = words(
    "ademt niet", "ademt niet meer", "haalt geen adem", "is bewusteloos", "is buiten bewustzijn"
)
PILLS = words(
    "een overdosis", "alle pillen", "een hele strip", "al mijn pillen", "al haar pillen", "al zijn pillen"
)
SWALLOWED = words("genomen", "ingenomen", "geslikt")
# A passive wish ("niet meer wakker worden") is left to the risk model, which learns it from the corpus:
# blind set 7 used those words, and a pattern literal inside a test sentence is a leak (make content-check).
# Softeners people put between "wil" and the wish ("ik wil eigenlijk gewoon dood"); a closed
# list, so "ik wil hem dood" (anger at someone) or "ik wil niet dood" stay out.
SOFTENER = words(
    "ook", "toch", "eigenlijk", "eig", "echt", "gewoon", "gwn", "soms", "liever", "zelf", "maar", "nu", "al"
)
WANT_TO_DIE = rf"wil (?:{SOFTENER} ){{0,3}}" + words(
    "dood",
    "niet meer leven",
    "niet meer bestaan",
    rf"er (?:{SOFTENER} ){{0,2}}niet meer zijn",
    "niet meer wakker worden",
)
SUICIDAL_THOUGHTS = words(
    "denk aan zelfmoord",
    "denk aan zelfdoding",
    "heb zelfmoordgedachten",
    "heb suicidale gedachten",
    "ben suicidaal",
)
END_MY_LIFE = words(
    "een einde aan mijn leven maken",
    "een eind aan mijn leven maken",
    "zelfmoord plegen",
    "mezelf van kant maken",
    "mezelf ophangen",
    "me ophangen",
    "mij ophangen",
    "mezelf verhangen",
    "me verhangen",
    "mij verhangen",
)
CUT_WHERE = words("mezelf", "mijn armen", "in mijn armen", "in mijn arm", "mijn polsen")
# The child or children a parent writes about (singular and plural, "mijn" and "onze").
CHILD_REFERENCE = (
    "mijn baby",
    "mijn kind",
    "mijn zoon",
    "mijn dochter",
    "mijn kinderen",
    "mijn kleine",
    "de baby",
    "de kinderen",
    "de kids",
    "de kleine",
    "ons kind",
    "onze baby",
    "onze zoon",
    "onze dochter",
    "onze kinderen",
)
MY_CHILD = words(*CHILD_REFERENCE, "hem", "haar")
HURT_THE_CHILD = words(
    "iets aandoe",
    "iets zal aandoen",
    "iets ga aandoen",
    "pijn doe",
    "ga slaan",
    "zal slaan",
    "ga schudden",
    "door elkaar schud",
)
THE_BABY = words(*CHILD_REFERENCE, "mijn zoontje", "mijn dochtertje", "hem", "haar")
SHAKEN = words("door elkaar geschud", "geschud", "tegen de muur gegooid", "laten vallen uit boosheid")
MY_PARENTS = words(
    "mijn vader", "mijn moeder", "mijn stiefvader", "mijn stiefmoeder", "papa", "mama", "mijn ouders"
)
HITS = words("slaat", "slaan", "schopt", "schoppen", "mishandelt", "misbruikt")
ABUSE_AT_HOME = words("huiselijk geweld", "kindermishandeling", "seksueel misbruik")
# Punishing with a fist or an object ("corrigeert ze met de riem", "krijgt de pollepel"):
# violence, however it is framed. Not a fist on the table, not a dog's lead.
PUNISH = words(
    "slaan", "slaat", "sloeg", "slaag", "tik", "tikken", "klappen", "billekoek",
    "corrigeer", "corrigeert", "corrigeerde", "corrigeren", "voedt", "opvoeden",
    "straf", "straft", "strafte", "straffen", "geeft", "gaf", "geven",
)  # fmt: skip
RECEIVES = words("krijgt", "kreeg", "krijgen", "kregen")
IMPLEMENT = words(
    "riem", "broekriem", "mattenklopper", "stok", "pollepel", "houten lepel", "slipper", "zweep",
    "liniaal", "vuist", "vuisten",
)  # fmt: skip
NOT_A_PERSON = (
    r"(?! (?:op|tegen) (?:de |het |een |zijn |haar |zn |z'n )?(?:tafel|deur|muur|grond|bank|kast|bed|vloer"
    r"|matras|kussen|boom|bomen|schommel|trommel|pan|pannen|hek|struik|struiken|bal|stoel|raam|alles|dingen))"
)
AT_HOME = words("thuis", "bij ons", "in ons gezin", "in huis")

# A child of one's own who is gone or taken ("mijn zoontje van 3 is vermist"): no word gap
# before "kwijt", so "mijn dochter is haar knuffel kwijt" and "de weg kwijt" stay ordinary.
OWN = words("mijn", "mn", "m'n", "ons", "onze")
A_CHILD = words(
    "kind",
    "kindje",
    "zoon",
    "zoontje",
    "dochter",
    "dochtertje",
    "baby",
    "jongen",
    "meisje",
    "kleine",
    "broertje",
    "zusje",
    "neefje",
    "nichtje",
    "kleinzoon",
    "kleindochter",
    "pleegkind",
    "peuter",
    "kleuter",
)
GONE = ("vermist", "ontvoerd", "spoorloos", "nergens te vinden")
CHILD_IS_GONE = words(*GONE, "kwijt", "zoek")

PATTERNS: dict[str, list[str]] = {
    # Danger right now: 112.
    "acute": [
        rf"\b{SOMEONE} {words('staat', 'zit', 'loopt', 'is')} {gap(3)}met een {WEAPON}\b",
        rf"\b{words('dreigt', 'bedreigt')} {gap(4)}met een {WEAPON}\b",
        rf"\b{SOMEONE} {HIT} {gap(2)}{VICTIM} {gap(2)}{NOW}\b",
        rf"\b{NOT_BREATHING}\b",
        rf"\b{words('heeft', 'hebben')} {gap(3)}{PILLS} {gap(2)}{SWALLOWED}\b",
        rf"\bin {words('levensgevaar', 'acuut gevaar')}\b",
        rf"\b{OWN} {A_CHILD}(?: van \d+(?: jaar| jr)?)? {words('is', 'zijn', 'raakte')} "
        rf"(?:{words('al', 'nu', 'ineens', 'opeens')} )?{CHILD_IS_GONE}\b",
        rf"\b{OWN} {A_CHILD} {gap(4)}ontvoerd\b",
    ],
    # Suicidal thoughts or self-harm: 113 (and De Kindertelefoon for the young).
    "suicide": [
        rf"\bik {gap(3)}{WANT_TO_DIE}\b",
        rf"\bik {gap(4)}{SUICIDAL_THOUGHTS}\b",
        rf"\b{words('ik wil', 'ik ga', 'ik zal')} {gap(3)}{END_MY_LIFE}\b",
        rf"\bik {words('snij', 'snijd', 'kras')} {gap(2)}{CUT_WHERE}\b",
        # Teenagers' euphemism for suicide (from social media); no innocent use in Dutch.
        r"\bunaliv(?:e|en|ed|ing)\b",
    ],
    # A parent afraid of hurting their own child: huisarts + Veilig Thuis, warm.
    "harm_urge": [
        rf"\bbang {gap(3)}dat ik {gap(3)}{MY_CHILD} {gap(2)}{HURT_THE_CHILD}\b",
    ],
    # A parent or carer who may already have hurt a baby or young child: 112 / huisartsenpost.
    "harm_happened": [
        rf"\bik heb {gap(3)}{THE_BABY} {gap(2)}{SHAKEN}\b",
        # Dropped or thrown in anger: the anger may come before or after the act.
        rf"\bik heb {gap(2)}{THE_BABY} {gap(2)}{words('laten vallen', 'gegooid', 'neergegooid')} "
        rf"{gap(3)}{words('boos', 'kwaad', 'woedend', 'boosheid', 'woede')}\b",
    ],
    # A child or teenager about themselves: De Kindertelefoon + Veilig Thuis.
    "child_self": [
        rf"\bik {words('word', 'werd')} {gap(3)}thuis {gap(2)}{HIT_PASSIVE}\b",
        rf"\b{MY_PARENTS} {HITS} {words('mij', 'me')}\b",
    ],
    # Abuse, neglect or domestic violence (also bystanders): Veilig Thuis.
    "abuse": [
        rf"\b{SOMEONE} {HIT} {gap(2)}{VICTIM}\b",
        rf"\b{VICTIM} {words('wordt', 'worden', 'werd', 'werden')} {gap(3)}{HIT_PASSIVE}\b",
        rf"\b{ABUSE_AT_HOME} {gap(2)}{AT_HOME}\b",
        rf"\b{PUNISH} {gap(4)}met {gap(1)}{IMPLEMENT}\b{NOT_A_PERSON}",
        rf"\b{RECEIVES} {gap(3)}{words('de', 'een')} {IMPLEMENT}\b{NOT_A_PERSON}",
    ],
}

# Row 1's exceptions. First: "hij slaat mij" is a toddler as often as a partner. A bare pronoun
# hitting the writer is no unambiguous danger in a message that names a young child ("mn zoon
# van 3", "een peuter"); the risk model decides it there (it learned toddlers who hit from its
# hard negatives, and a partner's violence scores high without the pattern).
PRONOUN_HITS_WRITER = rf"^{words('hij', 'zij', 'ze')} {HIT} {gap(2)}{words('mij', 'me')}\b"
# An age of one to five years, told in years or in months ("een kindje van 18 maanden"): a child
# that young hitting the writer is a toddler's phase, not a partner's violence. A baby of a few
# months cannot hit, so "hij slaat me, onze zoon van 3 maanden huilt dan" stays a pattern.
YOUNG_CHILD_BY_AGE = (
    r"\b(?:(?:mijn|mn|m'n|ons|onze|een) )?"
    r"(?:kind|kindje|zoon|zoontje|dochter|dochtertje|jongen|jongetje|meisje|kleine"
    r"|kleinkind|kleinzoon|kleindochter|pleegzoon|pleegdochter|pleegkind)"
    r"(?: is| van)? (?:(?:[1-5]|een|twee|drie|vier|vijf)(?: jaar| jr)?\b"
    r"(?! ?(?:maanden|maand|mnd|weken|week))"
    r"|(?:9|1\d|[2-5]\d) (?:maanden|maand|mnd)\b(?! geleden))"
    r"|\b(?:peuter|dreumes|kleuter)\w*"
)
# Violence told in the past tense in a message that places it long ago ("mijn vader sloeg ons
# vroeger"): a parent's history, often the reason they ask how to do it differently; the risk
# model decides whether anything is happening now.
PAST_HIT = gap(6) + words(
    "sloeg", "sloegen", "mishandelde", "misbruikte", "verkrachtte", "geslagen", "mishandeld", "misbruikt"
)
LONG_AGO = (
    r"\b(?:vroeger|in mijn jeugd|opgegroeid|opgroeide|(?:\d+|jaren|tig|twintig|dertig|veertig) jaar geleden|"
    r"jaren geleden|toen ik (?:klein|jong|kind|een kind|een meisje|een jongen) was)\b"
)
# ...unless the message says it happens again or still ("sinds kort doet hij het weer", "gisteren").
STILL_OR_AGAIN = (
    r"\b(?:weer|opnieuw|nog steeds|nog altijd|gisteren|vandaag|vannacht|sinds kort|laatst|tegenwoordig"
    r"|vorige week|vorige maand|afgelopen (?:week|maand|weekend|dagen|nacht))\b"
)
# (a match of the form, in a message the context matches, unless the last one matches too):
# not unambiguous there.
UNLESS = (
    (PRONOUN_HITS_WRITER, YOUNG_CHILD_BY_AGE, None),
    (PAST_HIT, LONG_AGO, STILL_OR_AGAIN),
)

# Cues that make any disclosure acute (112 first): a weapon, life in danger now, the
# signs of a medical emergency.
EMERGENCY_SIGNS = words(
    "bewusteloos",
    "ademt niet",
    "haalt geen adem",
    "overdosis",
    "levensgevaar",
    "reageert niet meer",
    "bloedt heel erg",
    "blauw aangelopen",
    "helemaal slap",
    "niet wakker te krijgen",
    "grijze lippen",
    "blauwe lippen",
    "lippen zijn grijs",
    "lippen zijn blauw",
    "stuip",
)
# A child who is gone: danger now (the category table's "a child missing or taken"). Alone
# these words say nothing ("mijn knuffel is kwijt"); as a cue they only count where the risk
# model already leans to acute (precedence row 4).
MISSING = words(
    *GONE,
    "is kwijt",
    "kwijtgeraakt",
    "nergens vinden",
    # the search itself, as parents tell it: "overal gezocht", "de buurt afgezocht"
    "overal gezocht",
    "afgezocht",
    rf"niet {words('meer ', '')}thuis ?gekomen",
    rf"niet {words('meer ', '')}terug ?gekomen",
)
# The cues of an emergency happening now, without a weapon: what precedence row 4 needs
# beside the risk model's lean to acute. A weapon alone there was mostly a subject, not a
# danger (a child's nightmare about a man with a knife, a toddler who took a kitchen knife):
# on the 28 development sets it made 15 false alarms against 1 disclosure (docs/safety.md).
EMERGENCY_NOW = rf"\b{EMERGENCY_SIGNS}\b|\b{MISSING}\b"
# Any acute cue, a weapon too: it turns an abuse crisis into the acute reply (decision.py).
ACUTE_CUES = rf"\b{WEAPON}\b|{EMERGENCY_NOW}"

# The words for suicide itself ("zelfmoordpoging", "suïcidaal" folded): a cue below and a mention.
SUICIDE_WORDS = r"zelfmoord\w*|zelfdoding|suicid\w*"

# Words that name suicide or self-harm, of the writer or of anyone else. Unlike the patterns they
# say nothing about who is in danger or how urgently, so alone they never make a crisis; they only
# make sure that a crisis reply read as another danger (a weapon: 112; "mezelf iets aandoen" read
# as a parent's urge to hurt the baby) also names 113 (decision.py).
SELF = words("mezelf", "mijzelf", "zichzelf")
SELF_HARM = words(
    "aandoen", "aandoe", "aan te doen", "pijn doen", "pijn doe", "pijn te doen", "snijden", "snijd", "snij"
)
HIGH_PLACE = words("flat", "dak", "brug", "trein", "balkon", "metro")
JUMP = words("springen", "springt", "spring", "gooien", "gaan staan")
SUICIDE_CUES = (
    rf"\b(?:{SUICIDE_WORDS})\b"
    rf"|\b{SELF} {gap(2)}{SELF_HARM}\b"
    r"|\bvan kant (?:te )?(?:maken|maakt|maak)\b"
    r"|\been einde? aan (?:mijn|zijn|haar|mn|zn|m'n|z'n|het) leven\b"
    rf"|\bachterna {gap(1)}{words('gaan', 'ga')}\b"
    r"|\bpijnloos (?:dood|sterven)"
    rf"|\bpoging {gap(3)}{words('gedaan', 'ondernomen')}\b"
    rf"|\b{words('van', 'voor', 'onder')} {words('de', 'het', 'een')} {HIGH_PLACE} {gap(2)}{JUMP}\b"
)

# Words that, in an ordinary question, earn one calm help-line line (a check-in).
MENTIONS = (
    r"\b(?:mishandel\w*|verwaarloos\w*|verwaarlozing|misbruik\w*|huiselijk geweld|geweld|"
    rf"kindermishandeling|seksueel|{SUICIDE_WORDS})\b"
)

# A child or teenager writing: a stated age under 18 in the writer's own voice.
CHILD_WRITER = (
    r"\bik ben (?:pas |net |zelf |nog maar )?(?:[6-9]|1[0-7])(?: ?(?:jaar oud|jaar|jr))?"
    r"(?![\w%]| (?:maanden|weken|dagen|uur|minuten|kilo|keer|jaar|getrouwd|samen|moeder|vader|ouder"
    r"|mama|papa|pleeg\w*|zwanger|in dienst|werkzaam|bezig))"
    # "ik ben een meisje van 12", and a bare "ben 10" closing a sentence.
    r"|\bik ben (?:een |nog een )?(?:kind|meisje|jongen|meid|tiener|puber) van (?:[6-9]|1[0-7])\b"
    r"(?! (?:maanden|weken))"
    r"|(?:^|[,.!?] ?)(?:ik )?ben (?:[6-9]|1[0-7])(?: ?(?:jaar|jr))?(?= ?(?:[.!?,]|$))"
)

# A baby or younger child the writer looks after or is afraid of hurting ("mijn baby", "mijn
# broertje"): a child or teenager who writes about hurting *them* means that child, not self-harm.
YOUNG_CHILD = (
    r"\b(?:baby\w*|kindje\w*|zoontje|dochtertje|broertje|zusje|pleegkind\w*|oppaskind\w*|neefje|"
    r"nichtje|peuter\w*|dreumes\w*|kleintje)\b"
    # a young writer's own child ("ik ben 17, mijn zoon huilt") and any child whose age is told in
    # months or weeks ("een dochter van 8 maanden"): the harm is to that child, not to the writer
    r"|\b(?:mijn|mn|m'n) (?:kind|zoon|dochter)\b"
    r"|\b(?:kind|zoon|dochter|jongen|meisje) van \d{1,2} (?:maanden|maand|mnd|weken|weekjes)\b"
)
