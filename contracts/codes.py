"""Code lists of the extract contract (``shared/spec/extracts.md``, section *Codes*)."""

from __future__ import annotations

#: Swedish county codes (länskoder) in use since 2007.
COUNTY_CODES: tuple[str, ...] = (
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
    "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
)
_COUNTY_ALTERNATION = "|".join(COUNTY_CODES)

#: A 2-digit county code.
REGION_CODE_PATTERN = rf"^({_COUNTY_ALTERNATION})$"
#: A 4-digit SCB kommunkod; its first two digits are the county code.
MUNICIPALITY_CODE_PATTERN = rf"^({_COUNTY_ALTERNATION})[0-9]{{2}}$"
#: ICD-10(-SE) after normalisation: upper case, no dot (``I639``, ``S720``, ``U071``).
ICD10_PATTERN = r"^[A-Z][0-9]{2}[0-9A-Z]{0,2}$"

SEX = ("F", "M", "U")
POPULATION_SEX = ("F", "M")
CARE_LEVELS = ("specialist", "primary", "municipal")
PROVIDER_TYPES = ("region", "private", "municipality")
PROFESSIONS = ("physio", "ot", "slp", "dietitian")
NEED_LEVELS = ("basic", "advanced", "special")
CLOSE_REASONS = ("completed", "no_need", "declined", "referred_on", "deceased", "other")
CONTACT_TYPES = ("in_person", "home", "digital", "phone", "group")
VISIT_STATUSES = ("attended", "cancelled_patient", "cancelled_unit", "no_show")
PLAN_STATUSES = ("active", "completed", "cancelled")
GOALS_MET = ("yes", "partly", "no")
ADMISSION_TYPES = ("acute", "planned")
DISCHARGE_TO = ("home", "municipal_care", "other_hospital", "deceased", "other")
TRAINING_EVENT_TYPES = ("course", "mentorship", "seminar", "network")

#: Accepted spellings of booleans (compared after lower-casing).
TRUE_WORDS = ("true", "1", "ja", "yes")
FALSE_WORDS = ("false", "0", "nej", "no")
