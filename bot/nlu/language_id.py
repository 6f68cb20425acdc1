"""Which of Samen's five languages a message is written in.

The script decides first: Ge'ez letters mean Tigrinya, Arabic-script letters
mean Arabic or Dari, Latin letters mean Dutch or English. Within a script the
`lingua` detector (which ships its models) weighs Arabic against Persian and
Dutch against English. Lingua alone is fooled by the things refugees really
type, so three pieces of knowledge are added on top:

* Dutch official terms (IND, huisarts, gemeente...) and place names appear in
  every language; they are not evidence for Dutch and are set aside.
* Keyboards: the Persian letters ی and ک (and پ چ ژ گ) are typed by Dari
  users, ة and ى by Arabic users.
* Function words of each language (Dari است/می/را, Arabic في/شو/بدي...).

Short or mixed messages ("ok", "salaam", "👍") get a low confidence rather than
a confident guess, as the dialogue must not switch language on them.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from bot.geo.gazetteer import default_gazetteer
from bot.core.languages import CODES
from bot.core.text import normalise, script_of, split_words

LANGUAGES = CODES


@dataclass(frozen=True)
class LanguageGuess:
    name: str
    confidence: float

    def as_dict(self) -> dict:
        return {"name": self.name, "confidence": round(self.confidence, 3)}


# Terms that users of every language type in Latin letters or transliterate:
# they say nothing about the language of the message. Stored normalised.
LOANWORDS = frozenset(normalise(w) for w in """
ind mvv bsn coa gza ggd jgz duo dvz ocmw caw okan isk iom vfs tls digid uwv cak rma brp vluchtelingenwerk
huisarts huisartsen huisartsenpost gemeente zorgtoeslag zorgverzekering inburgering inburgeringsexamen
consultatiebureau verloskundige kraamzorg nareis gezinshereniging referent bijstand uitkering toeslagen
eigen risico schuldhulp schuldhulpverlening taalklas belastingdienst mutualiteit ziekenfonds kind gezin veilig thuis
pharos bezwaar beroep maatschappelijke begeleiding woningcorporatie huurtoeslag kinderbijslag leefloon
zelfmoordpreventie zorgverzekeraar basisverzekering verblijfsvergunning vergunning asiel asielvergunning
ingebrekestelling dwangsom gemeentehuis stadhuis loket wijkteam jeugdzorg kinderopvang inburgeringsplicht
whatsapp telegram ok okay oke oké visa visum dna
هاوس ارتس هاوسارتس خمينته خيمينته زورختوسلاخ انبورخرينغ نارايس
هاوس آرتس خمینته اینبورخرینگ آی ان دی
ሃውስ ኣርትስ ገመንተ ኽመንተ
""".split())

# Words that are greetings or acknowledgements in several of the languages.
AMBIGUOUS = frozenset(normalise(w) for w in """
ok okay oke salam salaam slm selam salut hi hello hallo hey bye merci mersi sorry
alaikum alaykum aleikum alaikom salamu assalamu inshallah
سلام مرسی مرسي ممنون الله انشاالله ok
""".split())

# Function words and very common words, normalised (ی->ي, ک->ك).
_PRS_WORDS = frozenset(normalise(w) for w in """
خدا خداحافظ حافظ است استم استی هستم هستی هستیم هست نیست نیستم می میخواهم میخواهیم میشه میشود میتوانم میتونم را که چی چه چطور چطوری
چند چقدر کجا کدام کی این آن اینجا برای با از به هم یک دو سه ما شما او ایشان نه بلی بله تشکر ممنون خوب خیلی
اولاد اولادهایم خانمم شوهرم داکتر پیسه کار باید شود شده کرده کنم کنید بگیرم بگیرد بیاید بیایند دارم داریم ندارم
هایم های یم ام ات اش مان تان شان کمک لطفا لطفاً چرا حالا هنوز وقت ماه روز سال بچه بچه‌ها زن مرد پدر مادر برادرم خواهرم
""".split())
_AR_WORDS = frozenset(normalise(w) for w in """
في على الى إلى عن هل ماذا شو شنو ايش اش شلون شلونك كيف كيفك كيفن اريد أريد بدي بدنا عايز عاوز داير دايره ابغى ابي
انا أنا احنا نحن انت هذا هذه هاي هاد هيك ليش لماذا متى امتى وين اين فين كم قديش مع يا شكرا نعم لا اي ايوه اه
كان يكون ممكن لو اذا إذا عندي عندنا ما مو مش ماكو اكو هسه هلق الان الآن حتى التي الذي اللي يلي بس كمان ايضا أيضا
زوجتي زوجي اولادي أولادي ولادي بنتي ابني اخوي اخي امي ابوي طبيب دكتور مستشفى فلوس مصاري
اكيد طيب تمام ماشي لسا لسه شي شيء وش ليه عشان علشان منشان مشان حتى بدها بده لازم
""".split())
_NL_WORDS = frozenset("""
ik je jij u we wij jullie ze zij het de een en is zijn ben bent was waren niet geen wel ook nog maar of dat die dit
wat waar wanneer hoe hoeveel waarom welke wie mijn mijne onze ons hun met voor van naar bij op in uit aan om te tot
kan kun kunt mag moet moeten wil wilt willen heb hebt heeft hebben krijg krijgen ga gaat gaan kom komt komen
doe doet doen zeg hoi hallo dag doei bedankt dankjewel dank ja nee graag alstublieft alsjeblieft goedemorgen
ge gij uw kunt allee awel amai nu al er hier daar vrouw man kinderen kind zoon dochter moeder vader zus broer
salukes salu houdoe tot ziens adres woon wonen alstublieft bedankt groetjes
""".split())
_EN_WORDS = frozenset("""
i you he she we they it the a an and is are am was were not no yes also but or that this these what where when how
much many why which who my mine our us their with for from to at on in out about can could may must should would will
want need have has had get got go going come do does did say hi hello hey bye thanks thank please good morning
wife husband children kids child son daughter mother father sister brother there here now still already
nope yeah yep cheers mate help near me plz pls thx pl lol sorry okay sure living live moved
""".split())

# Greetings and thanks that Arabic, Tigrinya and Dari speakers type in Latin letters.
_ROMANISED = {
    "ar": frozenset("""3likom 3alaikum 3laikum shukran shokran habibi yalla marhaba ahlan kifak kifik
                       shlonak shlonik wallah ma3a mashallah""".split()),
    "ti": frozenset("""yekenyeley yekenyelay yekenyeleye kemey aleka aleki aleku alekum bzuh hawey haftey
                       dehan dehando selamat""".split()),
    "prs": frozenset("""tashakor tashakur tashakkur chetor chetori khob khub hastam hasti mamnoon mamnun
                        khoda hafez khuda hafiz jan""".split()),
}

_URL = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+|[@#]\w+)")
# Letters that betray the keyboard: Persian keyboards type ی and ک, Arabic
# ones ي and ك (which some Dari writers use too, hence the lower weight); ة and
# ى are Arabic only; پ چ ژ گ are Persian (گ and چ also in Iraqi Arabic).
_PERSIAN_KEYBOARD = {"ی": 2.5, "ک": 2.5, "پ": 1.5, "چ": 1.0, "ژ": 1.5, "گ": 1.0}
_ARABIC_KEYBOARD = {"ة": 2.5, "ى": 2.5, "ي": 1.0, "ك": 1.0}


@lru_cache(maxsize=None)
def _detector(*names: str):
    """Lingua detector for a pair of languages, built once per process."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in names)).build()


def _lingua_share(text: str, first: str, second: str) -> float:
    """Lingua's probability for `first` against `second` (0.5 when unsure)."""
    if not text.strip():
        return 0.5
    for value in _detector(first, second).compute_language_confidence_values(text):
        if value.language.name == first:
            return value.value
    return 0.5


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    """Numerically stable: long messages give scores far beyond exp's range."""
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def _cue_count(words: Iterable[str], lexicon: frozenset) -> int:
    return sum(1 for w in words if w in lexicon)


def _choose(p_first: float, first: str, second: str, n_content: int) -> LanguageGuess:
    """Turn a probability for `first` into a guess; little text, little confidence."""
    name, p = (first, p_first) if p_first >= 0.5 else (second, 1 - p_first)
    if n_content <= 1:
        p = min(p, 0.75)
    return LanguageGuess(name, p)


def _arabic_or_dari(raw: str, words: list[str], content: list[str]) -> LanguageGuess:
    score = _logit(_lingua_share(" ".join(content) or raw, "PERSIAN", "ARABIC"))
    score += min(sum(_PERSIAN_KEYBOARD.get(c, 0) for c in raw), 7.5)
    score -= min(sum(_ARABIC_KEYBOARD.get(c, 0) for c in raw), 7.5)
    score += 1.5 * _cue_count(words, _PRS_WORDS) - 1.5 * _cue_count(words, _AR_WORDS)
    # Arabic's definite article on content words is rare in Dari.
    score -= 0.6 * sum(1 for w in content if w.startswith("ال") and len(w) > 4)
    return _choose(_sigmoid(score), "prs", "ar", len(content))


def _romanised(content: list[str]) -> LanguageGuess | None:
    """Arabic, Tigrinya or Dari greetings typed in Latin letters ("yekenyeley")."""
    for lang, lexicon in _ROMANISED.items():
        if content and _cue_count(content, lexicon) == len(content):
            return LanguageGuess(lang, 0.6)
    return None


def _dutch_or_english(words: list[str], content: list[str]) -> LanguageGuess:
    romanised = _romanised(content)
    if romanised:
        return romanised
    score = _logit(_lingua_share(" ".join(content), "DUTCH", "ENGLISH")) if content else 0.0
    score += 1.2 * _cue_count(words, _NL_WORDS) - 1.2 * _cue_count(words, _EN_WORDS)
    return _choose(_sigmoid(score), "nl", "en", len(content))


def _letter_words(text: str) -> list[str]:
    """Normalised words that hold at least one letter (not "7607" or "👍")."""
    return [normalise(w) for w, _ in split_words(text) if any(c.isalpha() for c in w)]


def _script_counts(words: list[str]) -> dict[str, int]:
    counts = {"ethiopic": 0, "arabic": 0, "latin": 0}
    for word in words:
        for char in word:
            script = script_of(char)
            if script:
                counts[script] += 1
    return counts


def identify(text: str, default: str = "en", places: list[tuple[int, int]] | None = None) -> LanguageGuess:
    """Guess the language of one message.

    `default` is returned, with confidence 0, when the message holds no letters
    at all (emoji, digits, a sticker's text). `places` are the (start, end)
    spans of municipality names when the caller has already found them."""
    text = text or ""
    if places is None:
        places = [(m.start, m.end) for m in default_gazetteer().find(text)]
    # Place names are written alike in every language: not evidence, unless
    # they are all there is ("ኣልመሎ" is still Tigrinya script).
    raw = text
    for start, end in sorted(places, reverse=True):
        raw = raw[:start] + " " * (end - start) + raw[end:]
    raw = _URL.sub(" ", raw)
    all_words = _letter_words(_URL.sub(" ", text))
    words = _letter_words(raw)
    content = [w for w in words if w not in LOANWORDS and w not in AMBIGUOUS]
    # The script of the user's own words decides; official Dutch terms in
    # Latin letters do not outvote it.
    counts = _script_counts(content) if any(_script_counts(content).values()) else _script_counts(words or all_words)
    if not any(counts.values()):
        return LanguageGuess(default, 0.0)
    if counts["arabic"] or counts["ethiopic"]:
        counts["latin"] *= 0.5
    script = max(counts, key=counts.get)
    share = counts[script] / sum(counts.values())

    place_only = not words
    raw_words = [w for w, _ in split_words(raw if words else text)]
    raw_in_script = [w for w in raw_words if any(script_of(c) == script for c in w)]
    in_script = [normalise(w) for w in raw_in_script]
    content = [w for w in in_script if w not in LOANWORDS and w not in AMBIGUOUS]
    if script == "ethiopic":
        guess = LanguageGuess("ti", 0.99)
    elif script == "arabic":
        guess = _arabic_or_dari(" ".join(raw_in_script), in_script, content)
    else:
        guess = _dutch_or_english(in_script, content)

    confidence = guess.confidence * share
    if place_only:
        confidence = min(confidence, 0.3)
    elif not content:
        # Only greetings, "ok", official terms or a place: the script is all we know.
        confidence = min(confidence, 0.4 if script != "ethiopic" else 0.8)
    return LanguageGuess(guess.name, round(confidence, 3))
