"""Monitoring themes and standard references, shipped as data.

Standards are cited by instrument and number with a topic in our own words;
their text is never copied.
"""

from __future__ import annotations

from typing import Any

THEMES = [
    ("custody_safeguards", "Safeguards in the first hours of police custody"),
    ("registers", "Registers and record-keeping"),
    ("legal_safeguards", "Legal safeguards and pre-trial detention"),
    ("treatment", "Treatment, ill-treatment and use of force"),
    ("restraints", "Instruments of restraint"),
    ("solitary", "Solitary confinement and segregation"),
    ("discipline", "Discipline and sanctions"),
    ("searches", "Body searches"),
    ("conditions", "Material conditions"),
    ("overcrowding", "Overcrowding"),
    ("food_water", "Food and drinking water"),
    ("health_care", "Health care"),
    ("complaints", "Complaints and inspection"),
    ("contact", "Contact with the outside world"),
    ("activities", "Activities, work and education"),
    ("women", "Women deprived of liberty"),
    ("children", "Children and juveniles"),
    ("disabilities", "Persons with disabilities"),
    ("lgbti", "LGBTI persons"),
    ("migrants", "Migrants and asylum seekers"),
    ("staff", "Staff, training and institutional culture"),
    ("deaths", "Deaths in custody"),
    ("reprisals", "Reprisals against persons who spoke to monitors"),
]

# (instrument, reference, topic in our words)
STANDARDS = [
    (
        "Nelson Mandela Rules",
        "Rule 1",
        "respect for inherent dignity; absolute prohibition of torture",
    ),
    ("Nelson Mandela Rules", "Rule 2", "non-discrimination and attention to individual needs"),
    ("Nelson Mandela Rules", "Rules 6-10", "prisoner file management and register entries"),
    (
        "Nelson Mandela Rules",
        "Rule 11",
        "separation of categories (sex, age, untried and convicted)",
    ),
    ("Nelson Mandela Rules", "Rules 12-17", "accommodation, space, light, air and sanitation"),
    ("Nelson Mandela Rules", "Rule 22", "food and drinking water"),
    ("Nelson Mandela Rules", "Rule 23", "daily exercise in the open air"),
    ("Nelson Mandela Rules", "Rules 24-35", "health-care services and the role of health staff"),
    (
        "Nelson Mandela Rules",
        "Rule 30",
        "medical examination on admission, documenting signs of ill-treatment",
    ),
    ("Nelson Mandela Rules", "Rules 36-39", "discipline, due process and proportionate sanctions"),
    (
        "Nelson Mandela Rules",
        "Rule 43",
        "prohibited sanctions: prolonged solitary, dark or lit cells, collective punishment",
    ),
    (
        "Nelson Mandela Rules",
        "Rule 44",
        "definition of solitary confinement and of prolonged solitary (over 15 days)",
    ),
    (
        "Nelson Mandela Rules",
        "Rule 45",
        "solitary only as a last resort; not for persons with disabilities when harmful",
    ),
    ("Nelson Mandela Rules", "Rules 47-49", "instruments of restraint: principles and limits"),
    ("Nelson Mandela Rules", "Rules 50-53", "searches of prisoners and cells"),
    ("Nelson Mandela Rules", "Rules 54-55", "information on rights in a language understood"),
    ("Nelson Mandela Rules", "Rules 56-57", "requests and complaints, safely and confidentially"),
    ("Nelson Mandela Rules", "Rules 58-63", "contact with family, friends and legal advisers"),
    (
        "Nelson Mandela Rules",
        "Rule 71",
        "investigation of deaths, disappearances and serious injuries",
    ),
    (
        "Nelson Mandela Rules",
        "Rules 74-82",
        "institutional personnel: selection, training, conduct",
    ),
    ("Nelson Mandela Rules", "Rules 83-85", "internal and external inspections"),
    ("Nelson Mandela Rules", "Rules 111-120", "untried prisoners"),
    ("Bangkok Rules", "Rule 2", "admission procedures for women, including childcare arrangements"),
    ("Bangkok Rules", "Rule 5", "hygiene needs of women"),
    ("Bangkok Rules", "Rules 6-18", "health-care services for women"),
    (
        "Bangkok Rules",
        "Rules 19-21",
        "searches of women by female staff, alternatives to invasive searches",
    ),
    (
        "Bangkok Rules",
        "Rules 22-23",
        "no close confinement for pregnant women and mothers; family contact not a sanction",
    ),
    ("Bangkok Rules", "Rules 26-28", "contact with the outside world"),
    ("Beijing Rules", "Rule 13", "detention pending trial of juveniles as a last resort"),
    ("Beijing Rules", "Rule 19", "least possible use of institutionalisation"),
    ("Havana Rules", "Rule 17", "juveniles detained pending trial"),
    ("Havana Rules", "Rule 29", "separation of juveniles from adults"),
    ("Havana Rules", "Rules 38-46", "education and vocational training"),
    ("Havana Rules", "Rules 63-65", "limits on use of force and restraints"),
    ("Havana Rules", "Rule 67", "prohibited disciplinary measures including solitary confinement"),
    ("Body of Principles", "Principle 10", "information on the reasons for arrest"),
    ("Body of Principles", "Principle 11", "prompt hearing by a judicial authority"),
    (
        "Body of Principles",
        "Principle 12",
        "recording of arrest, custody and interrogation details",
    ),
    ("Body of Principles", "Principle 13", "information on rights"),
    (
        "Body of Principles",
        "Principles 15-16",
        "notification of family; no incommunicado detention",
    ),
    ("Body of Principles", "Principles 17-18", "access to a lawyer"),
    ("Body of Principles", "Principle 23", "recording of the duration of interrogations"),
    ("Body of Principles", "Principle 24", "medical examination after admission"),
    ("Body of Principles", "Principle 29", "visits by independent inspectors"),
    ("Body of Principles", "Principle 33", "right to complain"),
    ("CRPD", "Article 14", "liberty and security of the person"),
    ("CRPD", "Article 15", "freedom from torture and ill-treatment"),
    ("CRPD", "Article 17", "respect for physical and mental integrity"),
    ("CRPD", "Article 25", "health care on the basis of free and informed consent"),
    ("UNCAT", "Article 2", "effective measures to prevent torture"),
    ("UNCAT", "Article 11", "systematic review of custody arrangements"),
    ("UNCAT", "Articles 12-13", "prompt, impartial investigation; right to complain"),
    ("UNCAT", "Article 16", "prevention of other cruel, inhuman or degrading treatment"),
    ("OPCAT", "Article 19", "NPM powers: examine treatment, recommend, comment on legislation"),
    ("OPCAT", "Article 20", "NPM access to places, persons and information"),
    ("OPCAT", "Article 21", "no sanctions for communicating with the NPM; confidentiality"),
    ("Istanbul Protocol", "Chapter V", "physical evidence of torture"),
    ("Istanbul Protocol", "Chapter VI", "psychological evidence of torture"),
]


def load_visit_vocabularies(apps: Any) -> None:
    theme = apps.get_model("visits", "Theme")
    standard = apps.get_model("visits", "StandardReference")
    for order, (code, name) in enumerate(THEMES):
        theme.objects.update_or_create(
            institution=None, code=code, defaults={"name": name, "order": order * 10}
        )
    for order, (instrument, reference, topic) in enumerate(STANDARDS):
        standard.objects.update_or_create(
            instrument=instrument, reference=reference, defaults={"topic": topic, "order": order}
        )


def load_starter_checklists(apps: Any) -> None:
    """Vigil's own checklists, shared by every institution; a new version is added once."""
    from vigil.visits.xlsform import read_xlsform, starter_library

    template_model = apps.get_model("visits", "ChecklistTemplate")
    version_model = apps.get_model("visits", "ChecklistVersion")
    for filename, content in starter_library():
        definition = read_xlsform(content, filename)
        template, _created = template_model.objects.get_or_create(
            institution=None, form_id=definition.form_id, defaults={"title": definition.title}
        )
        if not version_model.objects.filter(template=template, version=definition.version).exists():
            version_model.objects.create(
                template=template,
                version=definition.version,
                definition=definition.to_dict(),
                xlsform=content,
            )


# Which starter checklist fits which kind of place (the visit page offers it first).
STARTER_FORM_FOR_KIND = {
    kind: form_id
    for form_id, kinds in {
        "vigil_police_custody": ("police_station", "court_cell", "sobering_up_centre"),
        "vigil_prison": ("prison_remand", "prison_sentenced", "military_detention"),
        "vigil_immigration_detention": ("immigration_detention", "transit_zone"),
        "vigil_psychiatric_social_care": (
            "psychiatric_hospital",
            "social_care_institution",
            "care_home_older_persons",
        ),
        "vigil_juvenile_detention": ("juvenile_detention", "childrens_institution"),
    }.items()
    for kind in kinds
}
