"""The risk demo's fictional data: checklist questions mapped to factors, and the places whose
risk rises over three years (growing overcrowding, more allegations)."""

from __future__ import annotations

COMMISSIONER = "commissioner@hrc.example"
ADMIN = "admin@hrc.example"
POLICE_CHECKLIST = "vigil_police_custody"
# (factor code, question path, answers that signal the risk)
MAPPINGS = [
    ("custody_notification", "safeguards/custody_files/family_notified", ["no"]),
    ("lawyer_access", "safeguards/custody_files/lawyer_access", ["refused", "later"]),
    ("doctor_access", "safeguards/custody_files/doctor_examined", ["no"]),
    ("rights_information", "safeguards/custody_files/rights_information",
     ["not_understood", "not_informed"]),
    ("interrogation_recording", "interrogation/interview_recording", ["none"]),
    ("register_findings", "register/register_kept", ["no"]),
]  # fmt: skip

# The places whose risk rises: the first ones (by reference) holding at least this many.
RISING_PLACES = 3
RISING_MIN_CAPACITY = 20
# Population counts every six months over three years, from 85 % of capacity up by 13 points.
POPULATION_START, POPULATION_STEP = 0.85, 0.13
# None in the first year, one in the second, three in the last (months ago).
ALLEGATIONS_MONTHS_AGO = (20, 10, 7, 3)
ALLEGATION_TYPE = "beating"
ALLEGATION_ACCOUNT = "Fictional demo account: beaten during questioning."
COMPLAINANT = "Demo complainant {number}"
REFERRAL_REASON = "Demo: complaint assessed and referred."
REFERRAL_BODY = "Provincial prosecutor"
# Scores every quarter over three years, so that the trend shows.
HISTORY_MONTHS, HISTORY_STEP = 36, 3
