"""The fixed list of service categories: slug -> Dutch label.

A list in code, not a table, because the assistant's intents map onto these
slugs (bot/local_help/topics.py): a category added in the admin alone
would never be asked for."""

CATEGORIES = {
    "gp_registration": "Inschrijven bij een huisarts",
    "health_insurance": "Zorgverzekering",
    "youth_health": "Jeugdgezondheidszorg en consultatiebureau",
    "maternity": "Zwangerschap en geboorte",
    "mental_health": "Psychische hulp",
    "interpreters": "Tolken",
    "refugee_support": "Hulp voor vluchtelingen",
    "social_guidance": "Maatschappelijke begeleiding",
    "debt_help": "Geldzaken en schuldhulp",
    "school_registration": "Aanmelden op school",
    "language_courses": "Taallessen en inburgering",
    "housing": "Wonen",
    "family_support": "Gezinsondersteuning en gezinscoaching na de hereniging",
    "dental_care": "Tandarts",
    "sponsor_support": "Steun voor referenten tijdens het wachten",
    "domestic_violence": "Huiselijk geweld",
    "legal_aid": "Juridische hulp",
    "municipal_desk": "Gemeenteloket",
}
CHOICES = list(CATEGORIES.items())


def label(slug: str) -> str:
    return CATEGORIES.get(slug, slug)
