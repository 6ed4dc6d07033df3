"""The demo's prevention programmes, as data; `builder` loads them.

Four programmes shaped like those of the Torture Prevention Ambassadors (DOMAIN.md,
"Prevention programmes"): a law-reform programme (a national inquiry, its report and a
submission, then an amendment adding court cells and locked dementia units to the
Commission's visiting mandate), a police-training programme (about a hundred officials
trained in one day, with participants by agency, rank and gender and their test scores), a
preventive monitoring manual written, trained, piloted and published in three languages, and
a national summit on police lock-ups that ended with four advisories.

Dates are months after each programme's start (`months_back` before the current month);
themes, kinds of place and authorities are named by their codes or keys.
"""

# The content tables below keep one entry per line, so that they read as tables.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

from vigil.programmes.models import (
    Activity,
    GoodPracticeTheme,
    LogframeItem,
    Outcome,
    ParticipantGroup,
    Programme,
)

K = Activity.Kind
L = LogframeItem.Level
OK, CO = Outcome.Kind, Outcome.Contribution
G = GoodPracticeTheme
W, M = ParticipantGroup.Gender.WOMEN, ParticipantGroup.Gender.MEN
OFFICER = "programmes@hrc.example"  # the champion of every programme, and who records them
ADMIN = "admin@hrc.example"  # who links programmes to risk factors, after the risk step
POLICE, BJMP = "Meridia National Police", "Bureau of Jail Management and Penology"
# The partner authorities named in `Prog.authorities`, by key (the places step makes them).
AUTHORITIES = {
    "police": POLICE,
    "bjmp": BJMP,
    "health": "Department of Health",
    "welfare": "Department of Social Welfare and Development",
}


@dataclass(frozen=True)
class Ind:
    name: str
    unit: str
    baseline: str
    target: str
    values: tuple[tuple[int, str, str], ...] = ()  # months after the start, value, note
    verification: str = ""


@dataclass(frozen=True)
class Line:
    level: int
    text: str
    indicators: tuple[Ind, ...] = ()
    children: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Act:
    kind: str
    title: str
    month: int  # months after the programme's start
    day: int
    days: int = 1
    location: str = ""
    participants: int | None = None
    outputs: str = ""
    documents: str = ""
    line: str = ""  # the logframe code it serves, "1.1.2"


@dataclass(frozen=True)
class Group:
    agency: str
    rank: str
    gender: str
    count: int
    pre: str | None
    post: str | None


@dataclass(frozen=True)
class Person:
    name: str
    badge: str
    agency: str
    rank: str
    gender: str
    pre: str | None
    post: str | None
    attended: bool = True


@dataclass(frozen=True)
class Train:
    activity: Act
    trainers: str
    topics: tuple[str, ...]
    max_score: str = "100"
    groups: tuple[Group, ...] = ()
    roster: tuple[Person, ...] = ()


@dataclass(frozen=True)
class Out:
    month: int
    kind: str
    statement: str
    evidence: str
    contribution: str
    implements: tuple[str, ...] = ()  # words of the law or policy of a demo recommendation


@dataclass(frozen=True)
class Practice:
    month: int
    title: str
    what_worked: str
    context: str
    lessons: str
    practice_themes: tuple[str, ...]
    themes: tuple[str, ...] = ()
    gap: str = ""
    ready: bool = False


@dataclass(frozen=True)
class Prog:
    title: str
    summary: str
    gap: str
    themes: tuple[str, ...]
    kinds: tuple[str, ...]
    mentors: str
    partners: str
    authorities: tuple[str, ...]
    months_back: int
    months_long: int
    budget: str
    funding: str
    status: str
    lines: tuple[Line, ...]
    activities: tuple[Act, ...] = ()
    trainings: tuple[Train, ...] = ()
    outcomes: tuple[Out, ...] = ()
    practices: tuple[Practice, ...] = ()


# fmt: off
INQUIRY = Prog(
    title="Opening every locked door: inspection powers for court cells and dementia units",
    summary="A national inquiry into places where people are held out of anyone's sight, its report, and a law-reform submission that led Congress to extend the Commission's visiting mandate.",
    gap="The Commission's Charter lets it visit prisons, lock-ups and immigration centres without notice, but not the cells under the courts or the locked dementia units of care homes, where people are deprived of liberty unseen.",
    themes=("complaints", "legal_safeguards", "disabilities"),
    kinds=("court_cell", "care_home_older_persons"),
    mentors="Dr. Helena Varga (former member of the UN Subcommittee on Prevention of Torture)",
    partners="Senate Committee on Justice and Human Rights; Association for the Prevention of Torture (APT); Meridia Alliance of Older Persons",
    authorities=("health", "welfare"),
    months_back=30, months_long=24, budget="15000", funding="Seed grant of the Torture Prevention Ambassadors project",
    status=Programme.Status.COMPLETED,
    lines=(
        Line(L.OBJECTIVE, "Persons held in court cells and in locked dementia units are protected by independent preventive monitoring.", children=(
            Line(L.OUTCOME, "The Commission's visiting mandate is extended in law to court cells and locked dementia units.", (
                Ind("Kinds of place the Commission may visit without notice", "kinds", "9", "11", ((0, "9", "Charter Act, section 18"), (12, "9", ""), (20, "11", "Republic Act 11986")), "Official Gazette"),
            ), children=(
                Line(L.OUTPUT, "National inquiry into unmonitored places of detention held and its report published.", (
                    Ind("Public hearings of the inquiry", "hearings", "0", "6", ((3, "2", ""), (5, "6", "Last hearing in Alon"))),
                )),
                Line(L.OUTPUT, "Law-reform submission made to both chambers of Congress.", (
                    Ind("Legislators briefed on the submission", "legislators", "0", "20", ((9, "4", ""), (11, "12", ""), (14, "17", ""))),
                )),
            )),
            Line(L.OUTCOME, "Court cells and dementia units are visited regularly.", (
                Ind("Court cells and dementia units visited in the year", "visits", "0", "12", ((23, "2", "First visits under the new power"),), "Visit plan"),
            )),
        )),
    ),
    activities=(
        Act(K.RESEARCH, "National inquiry into unmonitored places of detention: public hearings", 2, 10, 90, "Dalisay City and Alon", 140, "Six public hearings; 38 written submissions; visits to 5 court cells and 4 care homes with the consent of their managers.", "Inquiry file INQ-2", "1.1.1"),
        Act(K.MENTORING, "Mentoring session: how other mandates cover care homes", 4, 8, 1, "Online", 3, "A comparison of the mandates of six NPMs, written with the mentor."),
        Act(K.PUBLICATION, "Inquiry report: Out of sight, out of mind", 7, 15, 1, "", None, "Report of 96 pages with 14 recommendations, launched with the Senate Committee on Justice.", "ISBN 978-971-0000-11-2", "1.1.1"),
        Act(K.LAW_REFORM_SUBMISSION, "Submission to the Senate Committee on Justice on Senate Bill 1187", 9, 3, 1, "Senate of Meridia", None, "Draft wording of the amendment to section 18 of the Charter Act.", "Submission of the Commission, SB 1187", "1.1.2"),
        Act(K.ADVOCACY_MEETING, "Meeting with the House Committee on Human Rights", 11, 21, 1, "House of Representatives", 14, "The Committee chair agreed to sponsor the House version of the bill.", "", "1.1.2"),
        Act(K.PEER_EXCHANGE, "Peer exchange with a sister NHRI on monitoring care homes", 13, 6, 3, "Online and in Hiraya", 9, "A joint checklist for locked dementia units."),
        Act(K.AWARENESS_CAMPAIGN, "Campaign: Who visits Lola?", 16, 1, 60, "National radio and social media", None, "Radio spots in three languages; 1.2 million people reached."),
    ),
    outcomes=(
        Out(20, OK.LAW_AMENDED, "Republic Act 11986 amends section 18 of the Commission's Charter: court cells and locked dementia units of care homes are added to the places the Commission may visit without notice.", "Republic Act 11986, Official Gazette; the Senate committee report cites the inquiry report 11 times.", CO.SIGNIFICANT, ("visiting powers",)),
        Out(23, OK.INSPECTION_POWER, "First unannounced visits to a court cell and a locked dementia unit under the new power.", "Visit reports; the managers gave access without objection.", CO.DIRECT),
    ),
    practices=(
        Practice(8, "A national inquiry builds the case for new powers", "Public hearings gave families of older persons and court users a voice; legislators read the report because the cases in it were heard in public.", "A Commission without power to visit two kinds of place, and a Congress wary of new mandates.", "An inquiry takes a year; plan the law-reform submission from the start and keep the legislators who attended the hearings informed.", (G.COMMUNICATION, G.DIALOGUE), ("complaints", "legal_safeguards"), "Places of detention outside the visiting mandate", ready=True),
        Practice(21, "A mentor's letter opens doors in the Senate", "A letter from the programme's mentor, a former member of the SPT, to the Senate committee explained how other NPMs visit care homes.", "Senators wanted to know whether any other country's NPM visits care homes.", "Ask mentors early for what only they can give: their standing and the examples of other countries.", (G.MENTORING, G.CATALYSTS), ("complaints",), "Places of detention outside the visiting mandate", ready=True),
        Practice(23, "Plan the first visits before the law passes", "The first visits under the new power took place within three months because the checklist had been written during the peer exchange.", "Extended mandate, no extra staff.", "Budget the new visits in the same submission that asks for the new power.", (G.SUSTAINABILITY,), ("complaints",)),
    ),
)

TRAINING = Prog(
    title="Safeguards from the first hour: training of police officers",
    summary="Training of police officers and jail officers in the safeguards of the first hours of custody, first in one day for a whole district, then through trainers of their own, until the module entered the police academy's basic course.",
    gap="Police officers do not tell detainees of their rights, notify a relative or call a lawyer in the first hours of custody, when the risk of ill-treatment is highest.",
    themes=("custody_safeguards", "staff", "registers"),
    kinds=("police_station",),
    mentors="Inspector (ret.) Samuel Okafor, police trainer",
    partners="Meridia National Police, Directorate for Human Resource and Doctrine Development; Bureau of Jail Management and Penology; APT",
    authorities=("police", "bjmp"),
    months_back=20, months_long=24, budget="12000", funding="Seed grant and Commission budget",
    status=Programme.Status.ACTIVE,
    lines=(
        Line(L.OBJECTIVE, "Every person held by the police enjoys the safeguards of the first hours of custody.", children=(
            Line(L.OUTCOME, "Police officers apply the safeguards at arrest and on arrival at the station.", (
                Ind("Detainees interviewed at visits who were told of their rights on arrival", "%", "18", "80", ((0, "18", "Baseline from the visits of last year"), (9, "31", ""), (15, "47", "")), "Interviews at visits"),
                Ind("Custody registers with the time a relative was told", "%", "10", "75", ((0, "10", ""), (15, "38", "")), "Register checks at visits"),
            ), children=(
                Line(L.OUTPUT, "Police and jail officers trained in the safeguards.", (
                    Ind("Officers trained", "officers", "0", "300", ((5, "102", "One-day training in Dalisay City"), (9, "126", ""), (14, "164", ""))),
                    Ind("Mean learning gain of the trainings", "points", "0", "20", ((5, "20.4", ""), (9, "13.2", ""))),
                )),
                Line(L.OUTPUT, "The training module is part of the police academy's basic course.", (
                    Ind("Academy courses using the module", "courses", "0", "4", ()),
                )),
            )),
        )),
    ),
    trainings=(
        Train(Act(K.TRAINING, "One-day training of 102 police and jail officers in Dalisay City", 5, 14, 1, "Dalisay City Police Provincial Office", None, "102 officers trained in one day in six rooms; the provincial director opened the day.", "Programme and test of the day", "1.1.1"),
              "Commission trainers with the mentor", ("custody_safeguards", "registers"), "100",
              groups=(Group(POLICE, "Patrolman", M, 38, "52", "74"), Group(POLICE, "Patrolman", W, 14, "55", "78"),
                      Group(POLICE, "Police Sergeant", M, 22, "58", "77"), Group(POLICE, "Police Sergeant", W, 6, "60", "81"),
                      Group(POLICE, "Police Lieutenant", M, 9, "63", "82"), Group(BJMP, "Jail Officer", M, 8, "50", "70"),
                      Group(BJMP, "Jail Officer", W, 5, "54", "73"))),
        Train(Act(K.TRAINING, "Training of trainers: custody safeguards", 9, 2, 3, "Police Regional Training Centre, Hiraya", None, "24 police trainers able to give the module.", "", "1.1.1"),
              "Commission trainers and the mentor", ("custody_safeguards", "staff"), "40",
              groups=(Group(POLICE, "Police Staff Sergeant", M, 14, "21", "33"), Group(POLICE, "Police Staff Sergeant", W, 7, "23", "35"),
                      Group(BJMP, "Senior Jail Officer", M, 3, "20", None))),
        Train(Act(K.TRAINING, "Refresher for station commanders in Tanaw", 14, 22, 1, "Tanaw Municipal Police Station", None, "Commanders agreed to check the custody register daily.", "", "1.1.1"),
              "Police trainers trained by the programme", ("custody_safeguards",), "100",
              roster=(Person("Lualhati Ramos", "MNP-40211", POLICE, "Police Captain", W, "61", "84"), Person("Danilo Mercado", "MNP-37702", POLICE, "Police Captain", M, "57", "79"),
                      Person("Ernesto Villareal", "MNP-35120", POLICE, "Police Major", M, "66", "85"), Person("Corazon Dimaculangan", "MNP-41876", POLICE, "Police Captain", W, "59", None),
                      Person("Rolando Pascual", "MNP-36654", POLICE, "Police Captain", M, "54", "76"), Person("Teodoro Lacson", "MNP-33981", POLICE, "Police Major", M, None, None, attended=False))),
    ),
    activities=(
        Act(K.ADVOCACY_MEETING, "Meeting with the Director for Human Resource and Doctrine Development", 2, 17, 1, "National Police Headquarters", 6, "The Director agreed to a pilot training in one province.", "", "1.1"),
        Act(K.WORKSHOP, "Writing the training module with police trainers", 3, 20, 2, "Hiraya", 12, "Module of six sessions, with a pre- and post-test.", "Training module v1", "1.1.1"),
        Act(K.MENTORING, "Mentoring session on police training methods", 4, 6, 1, "Online", 2, "Case studies replaced lectures in four of the six sessions."),
        Act(K.ADVOCACY_MEETING, "Presentation of the learning gain to the police academy", 16, 9, 1, "Police Academy of Meridia", 8, "The academy asked for the module for its basic course.", "", "1.1.2"),
    ),
    outcomes=(
        Out(17, OK.POLICY_ADOPTED, "The National Police adopted the module on custody safeguards in the basic course of its academy.", "Memorandum circular of the Directorate for Human Resource and Doctrine Development; course syllabus.", CO.SIGNIFICANT, ("articles 60-62",)),
        Out(15, OK.PRACTICE_CHANGED, "Station commanders in Tanaw check the custody register daily.", "Register checks at two visits: signatures of the commander on every day of the period examined.", CO.PARTIAL),
    ),
    practices=(
        Practice(6, "Show commanders the learning gain", "The pre- and post-test of the one-day training gave commanders a figure they could report: a gain of about 20 points in one day.", "Police leadership sceptical of human-rights training given by a monitoring body.", "Measure what a training changes, and report it in the words of the police's own performance reports.", (G.COMMUNICATION, G.DIALOGUE), ("custody_safeguards", "staff"), "Safeguards of the first hours of custody", ready=True),
        Practice(10, "Trainers of their own", "Training police trainers made the module the police's own and multiplied it at no cost to the Commission.", "A Commission with three trainers for a police force of 200,000.", "Plan the hand-over to the police from the first session.", (G.SUSTAINABILITY,), ("staff",), "Safeguards of the first hours of custody"),
    ),
)

MANUAL = Prog(
    title="A preventive monitoring manual: written, trained, piloted and published",
    summary="A manual of preventive monitoring for the Commission's regional offices, written with them, taught, tried on real visits and published in English, Tagalog and Cebuano.",
    gap="Monitors in the regional offices visit with different methods; their findings cannot be compared and recommendations are not followed up.",
    themes=("registers", "complaints"),
    kinds=("police_station", "prison_remand"),
    mentors="Ms. Ingrid Solberg (NPM methodology adviser)",
    partners="The Commission's 12 regional offices; APT; University of Meridia, College of Law",
    authorities=(),
    months_back=28, months_long=18, budget="9500", funding="Seed grant",
    status=Programme.Status.COMPLETED,
    lines=(
        Line(L.OBJECTIVE, "All the Commission's monitors visit with one preventive method.", children=(
            Line(L.OUTCOME, "Regional offices use the manual on their visits.", (
                Ind("Regional offices using the manual", "offices", "0", "12", ((12, "3", ""), (16, "7", ""), (22, "10", "")), "Visit reports"),
            ), children=(
                Line(L.OUTPUT, "Manual written and piloted.", (
                    Ind("Chapters drafted", "chapters", "0", "10", ((3, "4", ""), (6, "10", ""))),
                    Ind("Pilot visits with the draft manual", "visits", "0", "8", ((11, "8", ""),)),
                )),
                Line(L.OUTPUT, "Manual published in three languages.", (
                    Ind("Language versions published", "versions", "0", "3", ((14, "3", "English, Tagalog, Cebuano"),)),
                )),
            )),
        )),
    ),
    trainings=(
        Train(Act(K.TRAINING, "Training of monitors on the draft manual", 8, 12, 3, "Commission training centre, Dalisay City", None, "Monitors of all 12 regional offices trained.", "", "1.1.1"),
              "The champion and the mentor", ("registers", "complaints"), "50",
              groups=(Group("Meridia Human Rights Commission", "Monitor", W, 16, "27", "41"), Group("Meridia Human Rights Commission", "Monitor", M, 12, "25", "39"))),
    ),
    activities=(
        Act(K.WORKSHOP, "Writing workshop with the regional offices", 2, 7, 3, "Hiraya", 24, "Outline of ten chapters; a checklist per kind of place.", "", "1.1.1"),
        Act(K.RESEARCH, "Pilot visits with the draft manual", 9, 5, 60, "Four regions", 8, "Eight visits; 41 changes to the draft.", "Pilot reports", "1.1.1"),
        Act(K.PUBLICATION, "Preventive Monitoring Manual published in English, Tagalog and Cebuano", 14, 10, 1, "", None, "Three language versions, 180 pages each, printed and online.", "ISBN 978-971-0000-24-2", "1.1.2"),
        Act(K.PEER_EXCHANGE, "Presentation of the manual to peer NHRIs of the region", 16, 18, 2, "Online", 22, "Two NHRIs asked to translate it."),
    ),
    outcomes=(
        Out(22, OK.PRACTICE_CHANGED, "Ten of the twelve regional offices visit with the manual's method and checklists.", "Visit reports of the regional offices of the last six months.", CO.DIRECT),
        Out(17, OK.INSTITUTION_BUILT, "The Commission adopted the manual as its standard method of preventive monitoring.", "En banc resolution of the Commission.", CO.DIRECT),
    ),
    practices=(
        Practice(12, "Pilot before you publish", "Eight pilot visits with the draft manual changed 41 passages; monitors trusted the manual because they had shaped it.", "Regional offices used to their own methods.", "Budget time between the draft and the print for pilot visits and a second training.", (G.SUSTAINABILITY, G.PEER_EXCHANGE), ("registers",), "No common method of monitoring", ready=True),
        Practice(15, "Three languages reach the provinces", "The Tagalog and Cebuano versions were used at once by the monitors who work in those languages with detainees.", "A manual in English alone would have stayed on the shelves of the regional offices.", "Translate from the start; the translators find the passages that are unclear.", (G.COMMUNICATION,), ("complaints",), "No common method of monitoring", ready=True),
    ),
)

SUMMIT = Prog(
    title="National summit on police lock-ups",
    summary="Research in police lock-ups, with interviews of hundreds of police officers and detainees, then a national summit with the police and four advisories on budgets, food, medical care and the training of jailers.",
    gap="Police lock-ups have no budget for food, mattresses or medical care, and jailers are untrained; detainees depend on their families to eat.",
    themes=("conditions", "food_water", "health_care", "staff"),
    kinds=("police_station",),
    mentors="Dr. Helena Varga",
    partners="Meridia National Police; Department of Budget and Management; Integrated Bar of Meridia; Department of Health",
    authorities=("police", "health"),
    months_back=16, months_long=24, budget="18000", funding="Seed grant and a grant of the embassy of a donor country",
    status=Programme.Status.ACTIVE,
    lines=(
        Line(L.OBJECTIVE, "People held in police lock-ups are fed, have a mattress and see a health worker without depending on their families.", children=(
            Line(L.OUTCOME, "Lock-ups have a budget line for food, mattresses and medical care.", (
                Ind("Lock-ups with a food budget", "%", "5", "60", ((0, "5", "Research findings"), (12, "22", "")), "Police budget data"),
            ), children=(
                Line(L.OUTPUT, "Research findings published and discussed at a national summit.", (
                    Ind("Summit participants", "participants", "0", "150", ((8, "163", ""),)),
                    Ind("Advisories issued after the summit", "advisories", "0", "4", ((10, "4", ""),)),
                )),
                Line(L.OUTPUT, "Jailers trained in the care of detainees.", (
                    Ind("Jailers trained", "jailers", "0", "200", ()),
                )),
            )),
        )),
    ),
    activities=(
        Act(K.RESEARCH, "Interviews with police officers and detainees in 48 lock-ups", 1, 15, 120, "Six regions", 1067, "Interviews with 412 police officers and 655 detainees: no budget for food in 95% of lock-ups, no medical examination, untrained jailers.", "Research report", "1.1.1"),
        Act(K.SUMMIT, "National summit on police lock-ups", 8, 24, 2, "Meridia International Convention Centre, Dalisay City", 163, "Police, budget officials, lawyers and doctors agreed on four areas for advisories.", "Summit report", "1.1.1"),
        Act(K.PUBLICATION, "Four advisories: budgets, food, medical care and jailers", 10, 10, 1, "", None, "Four advisories of the Commission sent to the Chief of Police and the Secretary of Budget.", "Advisories 2-5", "1.1.1"),
        Act(K.ADVOCACY_MEETING, "Budget hearing of the House Appropriations Committee", 12, 3, 1, "House of Representatives", None, "The Commission testified on the advisory on budgets.", "", "1.1"),
    ),
    outcomes=(
        Out(13, OK.BUDGET, "A budget line for meals and mattresses in police lock-ups is included in the General Appropriations Act.", "General Appropriations Act, police budget, item on custodial care; the committee report cites the advisory.", CO.PARTIAL, ("General Appropriations Act",)),
    ),
    practices=(
        Practice(9, "Research first, then the summit", "Interviews with police officers as well as detainees let the police recognise the findings as theirs; the summit discussed solutions, not blame.", "Police leadership defensive after earlier public reports.", "Interview the officers who run the lock-ups: their complaints about budgets are the Commission's best argument.", (G.DIALOGUE, G.CATALYSTS), ("conditions", "food_water"), "No budget for detainees in police lock-ups", ready=True),
        Practice(11, "Advisories written with the police", "Each advisory was drafted with a police working group before it was issued.", "Four advisories to be issued within two months of the summit.", "Drafting with the authority takes longer but the advisory is implemented.", (G.DIALOGUE,), ("conditions",), "No budget for detainees in police lock-ups"),
    ),
)
# fmt: on

PROGRAMMES = (INQUIRY, TRAINING, MANUAL, SUMMIT)
