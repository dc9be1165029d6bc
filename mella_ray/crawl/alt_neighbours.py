"""Is an alt-text written in a close neighbour of the page's language (Slovak on a Czech site)?

The language identifier (py3langid, scripts.py) confuses close relatives, so scripts.COMPATIBLE
counts them as the language itself: Slovak passes as Czech, Croatian and Bosnian as Serbian,
Ukrainian, Belarusian and Bulgarian as Russian (Serbian Cyrillic and Persian are caught by
scripts.other_language only when the identifier is sure). That keeps native texts that py3langid labels a
relative (Serbian Latin is often "bs" or "hr"), but also lets the relatives into D_know. This
module tells them apart with the evidence a reader uses, counted per word:

- letters one language writes and the other does not: Czech ě ř ů, Slovak ä ô ľ ĺ ŕ; Russian ы э ё
  (and ъ before е ё ю я), Ukrainian і ї є ґ, Belarusian і ў (and no и щ ъ), Bulgarian ъ elsewhere
  ("към", "градът") and ѝ, Serbian ј љ њ ђ ћ џ (ђ ћ against Macedonian ѓ ќ ѕ); Persian and Urdu
  پ چ ژ گ ک ی against Arabic ة ى;
- frequent function words of one and not the other (Czech "se", "při", "jsou"; Slovak "sa", "pri",
  "sú"; Russian "что", "это"; Bulgarian "през", "към", "като");
- for Serbian and Croatian, which share every letter of Latin script: the reflex of old yat (Serbian
  ekavian "reka", "mleko", "deca"; Croatian ijekavian "rijeka", "mlijeko", "djeca") and words of one
  standard ("hiljada", "voz", "istorija" against "tisuća", "vlak", "povijest"). Only Latin words
  count: Croatian is never written in Cyrillic, and a Serbian site mostly writes Cyrillic.

A text with more words of the neighbour than of its own language is the neighbour's, from two
such words, or from one when nothing speaks for the language and the identifier does not prefer it
either (one Slovak name in a Czech sentence that has a Czech word stays). With no evidence at all,
the identifier's own ranking decides where it tells the pair apart (Czech and Slovak, Russian and
its neighbours; not Serbian and Croatian, whose plain sentences are the same): the neighbour must
be its top label, at least LANGID_MIN_PROB likely and twice as likely as the language. Ijekavian Serbian (Bosnia,
Montenegro) reads as Croatian here: refused texts go to the pool and are captioned, the cheap side
of the trade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mella_ray.crawl.alt_vocabulary import votes

LANGID_MIN_PROB = 0.6  # with no word evidence, the neighbour must be the identifier's top label this likely...
LANGID_RATIO = 2.0  # ...and this much likelier than the language (short Russian texts often rank "bg" first)
STEM_TAIL = 3  # a stem matches a word that goes on by at most this many letters ("rijek" in "rijekom")


@dataclass(frozen=True)
class Marks:
    letters: str | frozenset[str] = ""  # a word with one of these letters is evidence
    words: frozenset[str] = frozenset()  # whole words (lower case)
    stems: tuple[str, ...] = ()  # word beginnings, STEM_TAIL letters at most after them
    pattern: re.Pattern | None = None  # a regex that marks a word (searched in it, lower case)

    def __post_init__(self):
        object.__setattr__(self, "letters", frozenset(self.letters))  # a set: one C call per word


@dataclass(frozen=True)
class Neighbour:
    code: str  # the identifier's label of the neighbour
    own: Marks  # what speaks for the page's language against this neighbour
    theirs: Marks  # what speaks for the neighbour
    latin_only: bool = False  # only Latin-script words are evidence (Serbian and Croatian)
    langid: bool = True  # the identifier tells the pair apart in plain sentences
    names: bool = False  # capitalised words inside a sentence count for the neighbour (see _evidence)
    langid_min: float = LANGID_MIN_PROB  # with no word evidence, the identifier's top label this likely
    langid_ratio: float = LANGID_RATIO  # ...and this many times likelier than the language
    vocabulary: bool = False  # word frequencies count too (alt_vocabulary): the stronger evidence of the two
    never: frozenset[str] = frozenset()  # function words the neighbour never writes: one settles it for the language


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CS = Marks(
    "ěřů",
    _w("se ve ze při přes pro jako nebo jsou který která které kterou také když není byl byla bylo byli před jen"),
    pattern=re.compile(r"\w\wní$"),  # "vinobraní", "jarní": Slovak writes "vinobranie", "jarný"
)
_SK = Marks(
    "äôľĺŕ",
    _w("sa vo zo pri cez pre ako alebo sú nie ktorý ktorá ktoré ktorú ktorí aj tiež keď bol bola bolo boli pred ich"),
    # "Dunajom", "súmrak": Czech has "Dunajem", "soumrak" (ú only begins its words)
    pattern=re.compile(r"\w{3}om$|\Bú"),
)
_RU_WORDS = _w("что это как или его её ее который которая которое которые также очень где когда уже был была было были")
_RU = Marks("ыэё", _RU_WORDS, pattern=re.compile("ъ[еёюя]"))
# Against Bulgarian, which has no cases: Russian adjective and noun endings ("Красной", "городами")
_RU_BG = Marks("ыэё", _RU_WORDS | _w("у к во со"), pattern=re.compile(r"ъ[еёюя]|\w\w(?:ого|ому|ой|ая|ое|ами|ями|тся)$"))
_UK = Marks("іїєґ", _w("та що це як або з із зі від він вона вони який яка яке які біля під вже дуже коли де й"))
_BE = Marks("іў", _w("і ў што гэта як ці або каля ля з пры"))
_BG = Marks(
    "ѝ",
    _w("през към със като това този тази тези които който която което са се е ще"),
    pattern=re.compile("ъ(?![еёюя])"),
)
_SR = Marks(
    words=_w(
        "voz voza vozom vozu hleb hleba gde ovde šta tokom deo dete deca dece leto leta leti lepa lepo lepi reka reke"
        " mleko sneg snega sever januar februar avgust septembar oktobar novembar decembar"
    ),
    stems=(
        "hiljad", "istorij", "porodic", "pozorišt", "fudbal", "opštin", "univerzitet", "vazduh", "evrop", "ostrv",
        "kafa", "kafe", "kafu", "mlek", "vrem", "cvet", "mest", "meseč", "mesec", "pesm", "vetar", "vetr", "predsedn",
        "nedelj", "srećn", "devojk", "cen", "cel", "pobed", "pobeđ", "zvezd", "umetn", "cveć", "venč", "nevest",
        "vredn",
    ),
)  # fmt: skip
_HR = Marks(
    words=_w("tko kruh kruha vlak vlaka tijekom dio gdje ovdje uvijek ljeto ljeta ljeti"),
    stems=(
        "rijek", "riječ", "lijep", "mlijek", "djec", "djev", "vrijem", "bijel", "cvijet", "cvjet", "sjever", "mjest",
        "mjesec", "pjesm", "snijeg", "svijet", "svjet", "dijel", "vidje", "cijel", "cijen", "lijev", "dijet", "vjer",
        "vjetar", "vjetr", "predsjedn", "tjed", "tisuć", "zrakoplov", "glazb", "obitelj", "kazališt", "nogomet",
        "povijes", "općin", "kolodvor", "sveučilišt", "europ", "otok", "slapov", "siječ", "veljač", "ožuj", "travanj",
        "travnj", "lipanj", "lipnj", "srpanj", "srpnj", "kolovoz", "rujan", "rujn", "listopad", "prosin", "znanstven",
        "pobjed", "pobjeđ", "zvijezd", "zvjezd", "umjetn", "sjedn", "rješ", "bijeg", "vrijed", "vjenč", "nevjest",
        "cvijeć", "kuhar", "tjesten", "vrhnj", "žlic", "juh", "kruh",
    ),
)  # fmt: skip
# Serbian Cyrillic on a Russian site: letters Russian lacks, and words it does not use
_SR_CYRL = Marks("јљњђћџ", _w("са од код се да су је није али кроз поред током"))
# Russian letters Serbian lacks
_RU_SR = Marks("йыэёщъьяю", _RU_WORDS)
# Persian (and Urdu) on an Arabic site: their letters (Persian keheh and yeh, Urdu's retroflexes) and
# words; the Arabic article and ta marbuta speak for Arabic
_FA = Marks("پچژگکیٹڈڑںےۓ", _w("در از را این است که با های می برای یک آن"))
_AR = Marks("ةى", _w("في من على إلى عن التي الذي هذا هذه"), pattern=re.compile("^(?:[وفبكل]?ال)"))
# Macedonian on a Serbian site (Cyrillic both): ѓ ќ ѕ and its words against Serbian ђ ћ and its own
_MK = Marks("ѓќѕ", _w("во со ќе ги го кој која кое кои кај многу овој оваа"))
# (and Serbian's cases, which Macedonian lost: an adjective's genitive "ланеног", "старог")
_SR_MK = Marks("ђћ", _w("у са је није поред током код шта ће"), pattern=re.compile(r"^\w{3,}[ое]г$"))
_SR_NOT_SL = _w("sa u i kod kao što nije će ću ili")
NEIGHBOURS: dict[str, tuple[Neighbour, ...]] = {
    "cs": (Neighbour("sk", _CS, _SK),),
    "ru": (
        # Ukrainian and Belarusian sentences hardly ever lack і, ї, є or ў: their letters decide alone
        Neighbour("uk", _RU, _UK, langid=False, names=True),
        Neighbour("be", Marks("ищъ", _RU_WORDS), _BE, langid=False, names=True),
        # the identifier ranks plain Russian Bulgarian now and then ("Храм Христа Спасителя на закате": bg
        # 0.63, ru 0.14); a Bulgarian sentence with no marker word it ranks higher ("Децата играят в парка": 0.87)
        Neighbour("bg", _RU_BG, _BG, names=True, langid_min=0.8),
        Neighbour("sr", _RU_SR, _SR_CYRL, names=True, langid_min=0.5),
    ),
    "ar": (Neighbour("fa", _AR, _FA, names=True),),
    "sr": (
        Neighbour("hr", _SR, _HR, latin_only=True, langid=False),
        # Serbian Cyrillic's verbal nouns and plurals read as Macedonian ("Балансирање точкова на машини": mk 0.63,
        # sr 0.31; "Секција виолина на проби": mk 0.75, sr 0.23); Macedonian's own sentences rank it first far more
        # surely, or carry "во", "ќе" and its letters
        Neighbour("mk", _SR_MK, _MK, names=True, vocabulary=True, langid_ratio=3.5),
        # Slovene shares Serbian Latin's letters and most of its stems; its words are its own ("v", "in",
        # "grozdja", "cerkvijo"): word frequencies only; but Serbian's "sa", "u", "i", "kod", "kao" are no
        # Slovene words ("Škoda Fabia sa dvojnim papučicama": a brand and a rare form read as Slovene)
        Neighbour("sl", Marks(), Marks(), latin_only=True, langid=False, vocabulary=True, never=_SR_NOT_SL),
    ),
}
# A word, not an ordinal's or a case's ending after a number ("2-й день", "5-го мая": "й" alone is Ukrainian "and")
_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)*")


def _hit(low: str, marks: Marks) -> bool:
    if not marks.letters.isdisjoint(low):
        return True
    if low in marks.words:
        return True
    if marks.stems and any(low.startswith(s) and len(low) - len(s) <= STEM_TAIL for s in marks.stems):
        return True
    return marks.pattern is not None and marks.pattern.search(low) is not None


def _evidence(words: list[tuple[str, str]], pair: Neighbour) -> tuple[int, int]:
    """(words that speak for the language, words that speak for the neighbour); `words` are
    (word, lower case) in text order."""
    own = theirs = 0
    for i, (word, low) in enumerate(words):
        if pair.latin_only and _not_latin(low):
            continue
        own += _hit(low, pair.own)
        # A name inside a sentence ("Ľudovít Štúr", "Rijeka", "Bijeljina") is no sign of the writer's
        # language; Russian respells names ("Харьков"), so there "Харкові" is Ukrainian.
        if pair.names or i == 0 or not word[:1].isupper():
            theirs += _hit(low, pair.theirs)
    return own, theirs


def neighbour_language(text: str, lang: str, ranked: list[tuple[str, float]] | None) -> str | None:
    """The label of the close neighbour of `lang` that `text` is written in, else None.
    `ranked`: the identifier's (label, probability) list for `text`, None when it is too short to ask."""
    pairs = NEIGHBOURS.get(lang)
    if not pairs:
        return None
    words = [(w, w.lower()) for w in _WORD.findall(text)]
    for pair in pairs:
        if pair.never and any(low in pair.never for _, low in words):
            continue
        own, theirs = _evidence(words, pair)
        if pair.vocabulary:
            skip = _not_latin if pair.latin_only else None
            mine, yours = votes(text, lang, pair.code, skip)
            # a letter, a word or a case ending of the language's own outweighs two words more frequent in the
            # neighbour's ("Фото-албуми од ланеног платна": Serbian's genitive, Macedonian's frequent "платна")
            own = max(2 * own, mine)
            if yours >= 2:  # one frequent word is weak evidence: "bo" is Slovene, "Pho bo" is not
                theirs = max(theirs, yours)
        if theirs >= 2 and theirs > own:
            return pair.code
        if theirs == 1 and own == 0:
            if not ranked or not pair.langid or _prob(ranked, pair.code) > _prob(ranked, lang):
                return pair.code
        if theirs == 0 and own == 0 and pair.langid and ranked and ranked[0][0] == pair.code:
            if ranked[0][1] >= max(pair.langid_min, pair.langid_ratio * _prob(ranked, lang)):
                return pair.code
    return None


def _not_latin(word: str) -> bool:
    """A word with a letter Serbian Latin does not write (Cyrillic, say)."""
    return not all("a" <= c <= "z" or c in "čćđšž-" for c in word.lower())


def _prob(ranked: list[tuple[str, float]], label: str) -> float:
    return next((p for other, p in ranked if other == label), 0.0)
