"""`make i18n-report`: per language, how many catalog strings exist, are
translated, reviewed by a native speaker, or missing (a markdown table, also
quoted in the README)."""
from __future__ import annotations

from babel.messages.pofile import read_po

from bot.core.catalogs import LOCALES_DIR, UNREVIEWED, po_path
from bot.core.languages import REGISTRY


def counts(lang: str) -> dict:
    with (LOCALES_DIR / "messages.pot").open("rb") as handle:
        keys = {m.id for m in read_po(handle) if m.id}
    with po_path(lang).open("rb") as handle:
        catalog = {m.id: m for m in read_po(handle) if m.id}
    translated = [k for k in keys if k in catalog and catalog[k].string]
    reviewed = [k for k in translated if UNREVIEWED not in catalog[k].flags]
    return {"total": len(keys), "translated": len(translated),
            "reviewed": len(reviewed), "missing": len(keys) - len(translated)}


def table() -> str:
    rows = ["| language | catalog | total | translated | reviewed | missing |",
            "|---|---|---:|---:|---:|---:|"]
    for lang, language in REGISTRY.items():
        c, locale = counts(lang), language.catalog
        share = lambda n: f"{n} ({n / c['total']:.0%})" if c["total"] else "0"
        rows.append(f"| {lang} | {locale} | {c['total']} | {share(c['translated'])} | "
                    f"{share(c['reviewed'])} | {c['missing']} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
    print("\nReviewed = checked by a native speaker; every other translated string is "
          "flagged `unreviewed` in its catalog and users see a notice once per conversation.")
