"""The words dates are written with, per language, in normalised form.

Gregorian month names come from Babel's CLDR data (already a dependency):
the Levantine/Iraqi names from ar_SY, the Egyptian/Gulf ones from ar_EG, the
Afghan spellings from fa_AF, the Iranian ones from fa_IR, the Eritrean
Tigrinya names (which are the Gregorian months in Eritrea) from ti_ER. Only
what no library has is written out here: spelling variants people type,
both Solar Hijri month lists, cue words, and the relative expressions ("two
months ago"), which dateparser 1.2 lacks or misreads in Arabic, Dari and
Tigrinya (see bot/timeline/__init__.py). English and Dutch ones are written
out too, so that all five languages go through one grammar.
"""
from __future__ import annotations

import functools
from typing import NamedTuple

from babel import Locale

from bot.core.text import normalise

GREGORIAN = "gregorian"
SOLAR_HIJRI = "solar_hijri"


class Month(NamedTuple):
    calendar: str
    number: int
    abbreviation: bool  # "mar", "okt": needs a day or a year next to it


# Babel locales whose month names each language reads. English and Dutch
# names are read in every language: people mix Latin month names in.
_BABEL_LOCALES = {
    "latin": ("en_GB", "nl_NL"),
    "ar": ("ar_SY", "ar_EG"),
    "prs": ("fa_AF", "fa_IR"),
    "ti": ("ti_ER",),
}

# Spellings Babel does not list (each is a Gregorian month number).
_EXTRA_GREGORIAN = {
    "ar": {
        "كانون ثاني": 1, "كانون التاني": 1, "كانون اول": 12,
        "تشرين اول": 10, "تشرين ثاني": 11, "تشرين التاني": 11,
        "يونيه": 6, "يوليه": 7, "اغسطوس": 8, "نوڤمبر": 11,
    },
    "prs": {"جولائی": 7, "آگست": 8, "اگوست": 8},
    # ግንቦት is how Eritreans write May (CLDR has ጉንበት).
    "ti": {"ግንቦት": 5},
}

# Solar Hijri months: Afghan (Dari) names and Iranian names, month 1 = Hamal
# = Farvardin, which begins at Nowruz (21 March in most years).
_SOLAR_HIJRI = {
    "حمل": 1, "ثور": 2, "جوزا": 3, "جوزاء": 3, "جوزه": 3, "سرطان": 4, "اسد": 5,
    "سنبله": 6, "میزان": 7, "عقرب": 8, "قوس": 9, "جدی": 10, "دلو": 11, "حوت": 12,
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5,
    "شهریور": 6, "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}

# Glued prefixes before a month name, a "month" word or a phrase, as
# regular expressions: Arabic و/ف + ب/ل (بآذار, وبشهر, بالشهر الماضي);
# Tigrinya ብ ን ካብ ክሳብ ኣብ (ብነሓሰ).
PREFIXES = {"ar": "(?:و|ف)?(?:ب|ل)?", "ti": "(?:ብ|ን|ካብ|ክሳብ|ኣብ)?"}

# Words right before a lone month name or year that make it a date ("in
# August", "sinds 2019", "في آب", "از ۱۳۹۸", "ካብ 2019").
CUES = {
    "en": ("in", "since", "on", "from", "until", "till", "of", "early", "late", "mid",
           "end of", "beginning of", "start of", "middle of"),
    "nl": ("in", "sinds", "op", "van", "vanaf", "tot", "per", "begin", "eind", "einde",
           "half", "midden", "medio", "eind van", "begin van"),
    "ar": ("في", "منذ", "من", "حتى", "لغاية", "شهر", "اوائل", "اواخر", "منتصف", "سنة",
           "عام", "بتاريخ", "تاريخ"),
    "prs": ("در", "از", "تا", "ماه", "اوایل", "اواخر", "وسط", "سال", "تاریخ"),
    "ti": ("ኣብ", "ካብ", "ክሳብ", "ወርሒ", "ኣብ ወርሒ", "ዓመት", "ኣብ ዓመት", "መጀመርታ", "መወዳእታ"),
}
# A "month" word before a month number: "في شهر ٣".
MONTH_WORDS = {"en": ("month",), "nl": ("maand",), "ar": ("شهر",), "prs": ("ماه",), "ti": ("ወርሒ",)}

# Relative expressions. Units are day / week / month / year.
UNITS = {
    "en": {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
           "months": "month", "year": "year", "years": "year"},
    "nl": {"dag": "day", "dagen": "day", "week": "week", "weken": "week", "maand": "month",
           "maanden": "month", "jaar": "year", "jaren": "year"},
    "ar": {"يوم": "day", "ايام": "day", "اسبوع": "week", "اسابيع": "week", "جمعه": "week",
           "جمع": "week", "شهر": "month", "اشهر": "month", "شهور": "month", "سنه": "year",
           "سنين": "year", "سنوات": "year", "عام": "year", "اعوام": "year"},
    "prs": {"روز": "day", "هفته": "week", "ماه": "month", "سال": "year"},
    "ti": {"መዓልቲ": "day", "መዓልታት": "day", "ሰሙን": "week", "ሰሙናት": "week", "ወርሒ": "month",
           "ኣዋርሕ": "month", "ወርሓት": "month", "ዓመት": "year", "ዓመታት": "year", "ዓመተ": "year"},
}
# Arabic duals carry their own number: شهرين = two months.
DUALS = {"ar": {"يومين": "day", "اسبوعين": "week", "جمعتين": "week", "شهرين": "month",
                "سنتين": "year", "عامين": "year"}}
NUMBER_WORDS = {
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12},
    "nl": {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
           "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12},
    "ar": {"واحد": 1, "اثنين": 2, "اتنين": 2, "ثلاث": 3, "ثلاثه": 3, "تلات": 3, "تلاته": 3, "اربع": 4, "اربعه": 4,
           "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8,
           "ثمانيه": 8, "تمن": 8, "تمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10},
    "prs": {"یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8,
            "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12},
    "ti": {"ሓደ": 1, "ክልተ": 2, "ሰለስተ": 3, "ኣርባዕተ": 4, "ሓሙሽተ": 5, "ሽዱሽተ": 6, "ሸውዓተ": 7,
           "ሸሞንተ": 8, "ትሽዓተ": 9, "ዓሰርተ": 10},
}
# Where "ago" stands: before the amount (قبل شهرين, ቅድሚ ክልተ ወርሒ) or after it.
AGO_BEFORE = {"ar": ("قبل", "منذ", "من"), "ti": ("ቅድሚ",)}
AGO_AFTER = {"en": ("ago",), "nl": ("geleden",), "prs": ("پیش", "قبل")}
# "ago" with a bare unit means one of it: "قبل شهر" (a month ago). Not
# "من شهر آذار" (from March), not days: "منذ يوم وصولي" (since the day I came).
AGO_ONE = {"ar": (("قبل", "منذ"), ("شهر", "اسبوع", "سنة", "عام")),
           "ti": (("ቅድሚ",), ("ወርሒ", "ሰሙን", "ዓመት"))}
# A word after an "ago" expression that makes it count from another event:
# «۳ ماه قبل از تصمیم», «قبل ٣ أشهر من القرار» (3 months before the decision).
FROM_OTHER_EVENT = {"ar": ("من",), "prs": ("از",)}
# Between "ago" and the amount: "قبل حوالي ٣ أشهر".
ABOUT = {"ar": ("حوالي", "حوالى", "تقريبا", "نحو"), "ti": ("ዳርጋ",)}

# Fixed phrases -> (unit, offset from today): "vorige maand" = (month, -1).
PHRASES = {
    "en": {"today": ("day", 0), "yesterday": ("day", -1), "the day before yesterday": ("day", -2),
           "tomorrow": ("day", 1), "last week": ("week", -1), "this week": ("week", 0),
           "next week": ("week", 1), "last month": ("month", -1), "this month": ("month", 0),
           "next month": ("month", 1), "last year": ("year", -1), "this year": ("year", 0),
           "next year": ("year", 1)},
    "nl": {"vandaag": ("day", 0), "gisteren": ("day", -1), "eergisteren": ("day", -2),
           "morgen": ("day", 1), "vorige week": ("week", -1), "afgelopen week": ("week", -1),
           "deze week": ("week", 0), "volgende week": ("week", 1), "vorige maand": ("month", -1),
           "afgelopen maand": ("month", -1), "deze maand": ("month", 0),
           "volgende maand": ("month", 1), "vorig jaar": ("year", -1), "vorige jaar": ("year", -1),
           "afgelopen jaar": ("year", -1), "dit jaar": ("year", 0), "volgend jaar": ("year", 1)},
    "ar": {"اليوم": ("day", 0), "امس": ("day", -1), "الامس": ("day", -1), "البارحه": ("day", -1),
           "مبارح": ("day", -1), "امبارح": ("day", -1), "اول امس": ("day", -2),
           "اول امبارح": ("day", -2), "غدا": ("day", 1), "بكره": ("day", 1), "بكرا": ("day", 1),
           "الاسبوع الماضي": ("week", -1), "الاسبوع الفائت": ("week", -1),
           "الجمعه الماضيه": ("week", -1), "هذا الاسبوع": ("week", 0),
           "الاسبوع القادم": ("week", 1), "الاسبوع الجاي": ("week", 1),
           "الشهر الماضي": ("month", -1), "الشهر الفائت": ("month", -1),
           "الشهر السابق": ("month", -1), "الشهر اللي فات": ("month", -1),
           "الشهر الي فات": ("month", -1), "هذا الشهر": ("month", 0), "هالشهر": ("month", 0),
           "الشهر القادم": ("month", 1), "الشهر الجاي": ("month", 1),
           "السنه الماضيه": ("year", -1), "العام الماضي": ("year", -1),
           "السنه اللي فاتت": ("year", -1), "السنه الفائته": ("year", -1),
           "هذه السنه": ("year", 0), "هذا العام": ("year", 0), "هالسنه": ("year", 0),
           "السنه القادمه": ("year", 1), "السنه الجايه": ("year", 1), "العام القادم": ("year", 1)},
    "prs": {"امروز": ("day", 0), "دیروز": ("day", -1), "پریروز": ("day", -2), "فردا": ("day", 1),
            "هفته گذشته": ("week", -1), "هفته پیش": ("week", -1), "هفته قبل": ("week", -1),
            "این هفته": ("week", 0), "هفته آینده": ("week", 1), "هفته بعد": ("week", 1),
            "ماه گذشته": ("month", -1), "ماه پیش": ("month", -1), "ماه قبل": ("month", -1),
            "این ماه": ("month", 0), "ماه آینده": ("month", 1), "ماه بعد": ("month", 1),
            "سال گذشته": ("year", -1), "سال پیش": ("year", -1), "سال قبل": ("year", -1),
            "پارسال": ("year", -1), "امسال": ("year", 0), "سال آینده": ("year", 1),
            "سال بعد": ("year", 1)},
    "ti": {"ሎሚ": ("day", 0), "ትማሊ": ("day", -1), "ቅድሚ ትማሊ": ("day", -2), "ጽባሕ": ("day", 1),
           "ዝሓለፈ ሰሙን": ("week", -1), "ዝሓለፈ ወርሒ": ("month", -1), "ዝሓለፈ ዓመት": ("year", -1),
           "ኣብዚ ወርሒ": ("month", 0), "እዚ ወርሒ": ("month", 0), "ሎሚ ዓመት": ("year", 0),
           "ዝመጽእ ሰሙን": ("week", 1), "ዝመጽእ ወርሒ": ("month", 1), "ዝመጽእ ዓመት": ("year", 1)},
}
# "last March", "afgelopen maart", "آذار الماضي", "اگست گذشته", "ዝሓለፈ መጋቢት":
# the one before the current month.
LAST_BEFORE = {"en": ("last",), "nl": ("afgelopen", "vorige"), "ti": ("ዝሓለፈ",)}
LAST_AFTER = {"ar": ("الماضي", "الفائت", "اللي فات"), "prs": ("گذشته",)}


def fold(word: str) -> str:
    """The normalised form the tables are matched in (see bot.core.text)."""
    return " ".join(normalise(word).split())


def _fold_keys(table: dict) -> dict:
    return {fold(key): value for key, value in table.items()}


def _fold_all(words) -> tuple[str, ...]:
    return tuple(fold(word) for word in words)


@functools.lru_cache(maxsize=None)
def months(lang: str) -> dict[str, Month]:
    """Normalised month name -> Month, for the month names `lang` reads."""
    table: dict[str, Month] = {}
    for group in ("latin", lang):
        for locale in _BABEL_LOCALES.get(group, ()):
            names = Locale.parse(locale).months
            for context in ("format", "stand-alone"):
                for number, name in names[context]["wide"].items():
                    table.setdefault(fold(name), Month(GREGORIAN, number, False))
                if group == "latin":  # Ethiopic/Arabic abbreviations are real words (ግን "but")
                    for number, name in names[context]["abbreviated"].items():
                        table.setdefault(fold(name).rstrip("."), Month(GREGORIAN, number, True))
        for name, number in _EXTRA_GREGORIAN.get(group, {}).items():
            table.setdefault(fold(name), Month(GREGORIAN, number, False))
    if lang == "prs":
        table.update({fold(name): Month(SOLAR_HIJRI, n, False) for name, n in _SOLAR_HIJRI.items()})
    return table


@functools.lru_cache(maxsize=None)
def relative(lang: str) -> dict:
    """The normalised relative-date words of `lang` (units, numbers, phrases...)."""
    return {
        "units": _fold_keys(UNITS.get(lang, {})),
        "duals": _fold_keys(DUALS.get(lang, {})),
        "numbers": _fold_keys(NUMBER_WORDS.get(lang, {})),
        "ago_before": _fold_all(AGO_BEFORE.get(lang, ())),
        "ago_after": _fold_all(AGO_AFTER.get(lang, ())),
        "about": _fold_all(ABOUT.get(lang, ())),
        "from_other_event": _fold_all(FROM_OTHER_EVENT.get(lang, ())),
        "ago_one": tuple(_fold_all(words) for words in AGO_ONE.get(lang, ((), ()))),
        "phrases": _fold_keys(PHRASES.get(lang, {})),
        "last_before": _fold_all(LAST_BEFORE.get(lang, ())),
        "last_after": _fold_all(LAST_AFTER.get(lang, ())),
        "cues": _fold_all(CUES.get(lang, ())),
        "month_words": _fold_all(MONTH_WORDS.get(lang, ())),
        "prefix": normalise(PREFIXES.get(lang, "")),  # regex syntax is ASCII: unchanged
    }
