"""The themes of the Universal Human Rights Index, mapped to Vigil's monitoring themes.

The UHRI tags recommendations with its own thematic taxonomy ("Torture and other cruel,
inhuman or degrading treatment", "Conditions of detention", "Juvenile justice"...). A row's
theme that names one of Vigil's themes is linked directly; otherwise the first pattern below
that matches it (in `words` form: lower case, no punctuation) gives Vigil's theme code.
Themes with no counterpart in detention monitoring (trade, climate...) are left out.
"""

from __future__ import annotations

import re

from vigil.recommendations.imports.cells import words

_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(death|deaths|died) in custody\b|\bextrajudicial\b|\barbitrary executions?\b", "deaths"),
    (r"\breprisals?\b|\bintimidation\b|\bhuman rights defenders?\b", "reprisals"),
    (r"\bsolitary\b|\bisolation\b|\bsegregation\b", "solitary"),
    (r"\bovercrowding\b", "overcrowding"),
    (r"\brestraints?\b", "restraints"),
    (r"\bbody search|\bstrip search", "searches"),
    (r"\bdisciplin", "discipline"),
    (r"\bregist(er|ers|ration)\b|\brecord keeping\b", "registers"),
    (r"\bjuvenile\b|\bchild|\bminors?\b", "children"),
    (r"\bwomen\b|\bgender based violence\b|\bgirls?\b", "women"),
    (r"\bdisabilit", "disabilities"),
    (r"\bsexual orientation\b|\bgender identity\b|\blgbt", "lgbti"),
    (r"\bmigra|\brefugee|\basylum|\bstateless", "migrants"),
    (
        r"\bpolice custody\b|\bfirst hours\b|\baccess to (a )?lawyer\b|\bhabeas corpus\b",
        "custody_safeguards",
    ),
    (r"\benforced disappearance", "custody_safeguards"),
    (
        r"\bpre ?trial\b|\barbitrary (arrest|detention)\b|\bdeprivation of liberty\b"
        r"|\badministration of justice\b|\bfair trial\b|\bliberty and security\b",
        "legal_safeguards",
    ),
    (
        r"\btortur|\bill treatment\b|\bcruel\b|\bexcessive use of force\b|\buse of force\b"
        r"|\blaw enforcement\b",
        "treatment",
    ),
    (r"\bhealth\b|\bmedical\b|\bmental\b", "health_care"),
    (r"\bfood\b|\bwater\b|\bsanitation\b", "food_water"),
    (
        r"\bconditions of detention\b|\bdetention conditions\b|\bprison conditions\b"
        r"|\bplaces of detention\b|\bprisons?\b",
        "conditions",
    ),
    (
        r"\bcomplaint|\bimpunity\b|\beffective remedy\b|\binvestigation|\bnational human rights"
        r" institution|\bnational preventive mechanism|\bmonitoring\b|\binspection",
        "complaints",
    ),
    (r"\bfamily\b|\bcontact with the outside\b|\bprivacy\b", "contact"),
    (r"\beducation\b(?! and training)|\bwork\b|\brehabilitation\b", "activities"),
    (r"\bhuman rights (education|training)\b|\btraining\b|\bstaff\b|\bprofessional", "staff"),
)
_COMPILED = tuple((re.compile(pattern), code) for pattern, code in _PATTERNS)


def vigil_theme_code(uhri_theme: str) -> str | None:
    """The code of Vigil's theme closest to a UHRI theme, or None when none is."""
    found = words(uhri_theme)
    for pattern, code in _COMPILED:
        if pattern.search(found):
            return code
    return None
