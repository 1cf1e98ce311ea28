"""One pandera (polars) ``DataFrameModel`` per entity of the extract contract.

The models check the *normalised, typed* frame (see ``ingest.normalise``): codes already
lower/upper-cased, ICD-10 without the dot, dates parsed. They are strict: a frame with a
column the contract does not name fails. Field metadata carries what the contract page
(``docs/contract.md``) shows:

* ``sv`` – the Swedish name,
* ``fk`` – the entity a column refers to (its key column has the same name),
* ``normalise`` – how ingest normalises the text before checking (``lower``, ``upper``,
  ``icd10``, ``municipality``, ``region``); absent for ids and free text,
* ``future_allowed`` – a date that may lie after the extract date (planned dates),
* ``free_text`` – free text, shown nowhere.
"""

from __future__ import annotations

from typing import Any

import pandera.polars as pa
import polars as pl

from contracts import codes


def field(
    sv: str,
    description: str,
    *,
    fk: str | None = None,
    normalise: str | None = None,
    future_allowed: bool = False,
    free_text: bool = False,
    **checks: Any,
) -> Any:
    """Return a pandera ``Field`` carrying the contract metadata of one column."""
    metadata: dict[str, Any] = {"sv": sv}
    if fk:
        metadata["fk"] = fk
    if normalise:
        metadata["normalise"] = normalise
    if future_allowed:
        metadata["future_allowed"] = True
    if free_text:
        metadata["free_text"] = True
    return pa.Field(description=description, metadata=metadata, **checks)


def municipality(sv: str, description: str, **kw: Any) -> Any:
    """A 4-digit municipality code column."""
    return field(sv, description, normalise="municipality",
                 str_matches=codes.MUNICIPALITY_CODE_PATTERN, **kw)


def icd10(sv: str, description: str, **kw: Any) -> Any:
    """An ICD-10-SE code column (normalised: upper case, no dot)."""
    return field(sv, description, normalise="icd10", str_matches=codes.ICD10_PATTERN, **kw)


def enum(sv: str, description: str, values: tuple[str, ...], **kw: Any) -> Any:
    """A lower-case code column with a closed list of values."""
    return field(sv, description, normalise="lower", isin=list(values), **kw)


class Patients(pa.DataFrameModel):
    """One row per pseudonymised person."""

    patient_id: str = field("patient-id", "Pseudonymised person id", unique=True)
    birth_year: pl.Int32 = field("födelseår", "Year of birth", ge=1900, le=2100)
    sex: str = field("kön", "F, M or U (unknown)", normalise="upper", isin=list(codes.SEX))
    municipality_code: str = municipality("hemkommun", "Home municipality (kommunkod)")
    deceased_date: pl.Date = field("dödsdatum", "Date of death", nullable=True)

    class Config:
        """Strict at ingest."""

        strict = True


class Units(pa.DataFrameModel):
    """Organisational units that deliver rehabilitation or inpatient care."""

    unit_id: str = field("enhets-id", "Unit id", unique=True)
    unit_name: str = field("enhetsnamn", "Unit name")
    care_level: str = enum("vårdnivå", "Level of care", codes.CARE_LEVELS)
    provider_type: str = enum("vårdgivartyp", "Kind of provider", codes.PROVIDER_TYPES)
    municipality_code: str = municipality("kommun", "Municipality where the unit is located")
    region_code: str = field("region", "County code (länskod)", normalise="region",
                             str_matches=codes.REGION_CODE_PATTERN)

    class Config:
        """Strict at ingest."""

        strict = True


class Referrals(pa.DataFrameModel):
    """Remisser / vårdbegäran to rehabilitation."""

    referral_id: str = field("remiss-id", "Referral id", unique=True)
    patient_id: str = field("patient-id", "Referred person", fk="patients")
    unit_id: str = field("mottagande enhet", "Receiving unit", fk="units")
    received_date: pl.Date = field("ankomstdatum", "Date the referral was received")
    sender_care_level: str = enum("avsändarens vårdnivå", "Care level of the sender",
                                  codes.CARE_LEVELS, nullable=True)
    profession: str = enum("profession", "Profession asked for", codes.PROFESSIONS)
    diagnosis_code: str = icd10("diagnoskod", "ICD-10-SE diagnosis")
    need_level: str = enum("behovsnivå", "Level in the needs pyramid", codes.NEED_LEVELS,
                           nullable=True)
    assessed_date: pl.Date = field("bedömningsdatum", "Date of the needs assessment",
                                   nullable=True)
    need_confirmed: bool = field("behov bekräftat", "The assessment found a rehab need",
                                 nullable=True)
    closed_date: pl.Date = field("avslutsdatum", "Date the referral was closed", nullable=True)
    close_reason: str = enum("avslutsorsak", "Why the referral was closed",
                             codes.CLOSE_REASONS, nullable=True)

    class Config:
        """Strict at ingest."""

        strict = True


class Visits(pa.DataFrameModel):
    """Rehab contacts."""

    visit_id: str = field("besöks-id", "Visit id", unique=True)
    patient_id: str = field("patient-id", "Person", fk="patients")
    referral_id: str = field("remiss-id", "Referral the visit belongs to", fk="referrals",
                             nullable=True)
    unit_id: str = field("enhet", "Unit", fk="units")
    visit_date: pl.Date = field("besöksdatum", "Date of the visit")
    profession: str = enum("profession", "Profession", codes.PROFESSIONS)
    contact_type: str = enum("kontakttyp", "Kind of contact", codes.CONTACT_TYPES)
    status: str = enum("status", "Attended, cancelled or no-show", codes.VISIT_STATUSES)
    planned: bool = field("planerat", "false = unplanned/emergency contact")
    coordinated: bool = field("samordnat vårdbesök",
                              "Held jointly with another profession or care provider")
    kva_code: str = field("KVÅ-kod", "Procedure code (KVÅ)", normalise="upper", nullable=True)
    duration_minutes: pl.Int32 = field("längd (minuter)", "Duration in minutes",
                                       nullable=True, ge=0, le=720)
    cost_sek: pl.Float64 = field("kostnad (kr)", "Cost in SEK", nullable=True,
                                 ge=0, le=500_000)

    class Config:
        """Strict at ingest."""

        strict = True


class Plans(pa.DataFrameModel):
    """Individual rehabilitation plans."""

    plan_id: str = field("plan-id", "Plan id", unique=True)
    patient_id: str = field("patient-id", "Person", fk="patients")
    referral_id: str = field("remiss-id", "Referral", fk="referrals", nullable=True)
    unit_id: str = field("enhet", "Unit that made the plan", fk="units")
    created_date: pl.Date = field("upprättad", "Date the plan was created")
    goals_documented: bool = field("mål dokumenterade", "Goals are documented")
    icf_coded: bool = field("ICF-kodad", "Coded with ICF")
    patient_participated: bool = field("patienten delaktig", "The patient took part")
    responsibilities_assigned: bool = field("ansvar fördelat", "Responsibilities assigned")
    follow_up_planned_date: pl.Date = field("planerad uppföljning", "Planned follow-up date",
                                            nullable=True, future_allowed=True)
    followed_up_date: pl.Date = field("uppföljd", "Date of the follow-up", nullable=True)
    shared_with_patient: bool = field("delad med patienten",
                                      "Readable by the patient (e.g. via 1177)")
    shared_with_next_provider: bool = field("delad med nästa vårdgivare",
                                            "Shared with the next care provider")
    status: str = enum("status", "Active, completed or cancelled", codes.PLAN_STATUSES)
    closed_date: pl.Date = field("avslutad", "Date the plan was closed", nullable=True)
    goals_met: str = enum("mål uppnådda", "Goals met: yes, partly, no", codes.GOALS_MET,
                          nullable=True)

    class Config:
        """Strict at ingest."""

        strict = True


class Admissions(pa.DataFrameModel):
    """Inpatient stays (the readmissions extract)."""

    admission_id: str = field("vårdtillfälle-id", "Admission id", unique=True)
    patient_id: str = field("patient-id", "Person", fk="patients")
    unit_id: str = field("enhet", "Inpatient unit", fk="units")
    admit_date: pl.Date = field("inskrivningsdatum", "Admission date")
    discharge_date: pl.Date = field("utskrivningsdatum", "Discharge date (empty: still admitted)",
                                    nullable=True)
    admission_type: str = enum("inskrivningstyp", "Acute or planned", codes.ADMISSION_TYPES)
    main_diagnosis_code: str = icd10("huvuddiagnos", "Main ICD-10-SE diagnosis")
    discharge_to: str = enum("utskriven till", "Where the patient went", codes.DISCHARGE_TO,
                             nullable=True)
    cost_sek: pl.Float64 = field("kostnad (kr)", "Cost in SEK", nullable=True,
                                 ge=0, le=50_000_000)

    class Config:
        """Strict at ingest."""

        strict = True


class Population(pa.DataFrameModel):
    """Residents from SCB (denominators)."""

    year: pl.Int32 = field("år", "Year", ge=1968, le=2100)
    municipality_code: str = municipality("kommun", "Municipality")
    sex: str = field("kön", "F or M", normalise="upper", isin=list(codes.POPULATION_SEX))
    age: pl.Int32 = field("ålder", "Age in years, 100 = 100 or older", ge=0, le=100)
    population: pl.Int32 = field("folkmängd", "Number of residents", ge=0, le=10_000_000)

    class Config:
        """Strict at ingest; one row per year, municipality, sex and age."""

        strict = True

        unique = ["year", "municipality_code", "sex", "age"]


class RecordAudits(pa.DataFrameModel):
    """Journalgranskning: one row per audited criterion."""

    audit_id: str = field("gransknings-id", "Audit row id", unique=True)
    unit_id: str = field("enhet", "Audited unit", fk="units")
    audit_date: pl.Date = field("granskningsdatum", "Date of the audit")
    plan_id: str = field("plan-id", "Audited plan", fk="plans", nullable=True)
    criterion: str = field("kriterium", "Audit criterion")
    met: bool = field("uppfyllt", "The criterion was met")

    class Config:
        """Strict at ingest."""

        strict = True


class DecisionSupportUsage(pa.DataFrameModel):
    """Use of decision support, counted per day, unit, profession and tool."""

    event_date: pl.Date = field("datum", "Date")
    unit_id: str = field("enhet", "Unit", fk="units")
    profession: str = enum("profession", "Profession", codes.PROFESSIONS)
    support_name: str = field("beslutsstöd", "Name of the decision support")
    uses: pl.Int32 = field("användningar", "Number of uses", ge=0, le=1_000_000)

    class Config:
        """Strict at ingest; one row per date, unit, profession and tool."""

        strict = True

        unique = ["event_date", "unit_id", "profession", "support_name"]


class Staff(pa.DataFrameModel):
    """Rehabilitation staff."""

    staff_id: str = field("personal-id", "Pseudonymised staff id", unique=True)
    unit_id: str = field("enhet", "Unit", fk="units")
    profession: str = enum("profession", "Profession", codes.PROFESSIONS)
    employment_start: pl.Date = field("anställd från", "Start of employment")
    employment_end: pl.Date = field("anställd till", "End of employment", nullable=True,
                                    future_allowed=True)
    fte: pl.Float64 = field("tjänstgöringsgrad", "Full-time equivalent, 0–1", ge=0, le=1)

    class Config:
        """Strict at ingest."""

        strict = True


class TimeUse(pa.DataFrameModel):
    """Time studies: minutes per staff member, week and task category."""

    staff_id: str = field("personal-id", "Staff member", fk="staff")
    week_start: pl.Date = field("veckostart", "First day of the week")
    task_category: str = field("uppgiftskategori", "Kind of task")
    minutes: pl.Int32 = field("minuter", "Minutes spent", ge=0, le=10_080)
    in_competence: bool = field("inom kompetens", "The task matches the profession's competence")

    class Config:
        """Strict at ingest; one row per staff member, week and task category."""

        strict = True

        unique = ["staff_id", "week_start", "task_category"]


class Training(pa.DataFrameModel):
    """Competence development events."""

    staff_id: str = field("personal-id", "Staff member", fk="staff")
    event_date: pl.Date = field("datum", "Date of the event")
    event_type: str = enum("aktivitetstyp", "Course, mentorship, seminar or network",
                           codes.TRAINING_EVENT_TYPES)
    hours: pl.Float64 = field("timmar", "Hours", ge=0, le=500)

    class Config:
        """Strict at ingest; one row per staff member, date and event type."""

        strict = True

        unique = ["staff_id", "event_date", "event_type"]


class StaffSurvey(pa.DataFrameModel):
    """Staff survey on competence development."""

    staff_id: str = field("personal-id", "Respondent (may be anonymous)", fk="staff",
                          nullable=True)
    survey_date: pl.Date = field("enkätdatum", "Date of the survey")
    competence_development_score: pl.Int32 = field("kompetensutveckling (1–5)",
                                                   "Score 1–5", ge=1, le=5)

    class Config:
        """Strict at ingest."""

        strict = True


class PatientSurvey(pa.DataFrameModel):
    """Patient survey responses."""

    response_id: str = field("svars-id", "Response id", unique=True)
    unit_id: str = field("enhet", "Unit", fk="units")
    response_date: pl.Date = field("svarsdatum", "Date of the response")
    patient_id: str = field("patient-id", "Respondent (may be anonymous)", fk="patients",
                            nullable=True)
    participation_score: pl.Int32 = field("delaktighet (1–5)", "Score 1–5", ge=1, le=5)
    continuity_score: pl.Int32 = field("kontinuitet (1–5)", "Score 1–5", ge=1, le=5)

    class Config:
        """Strict at ingest."""

        strict = True


class PatientStories(pa.DataFrameModel):
    """Patientberättelser collected for qualitative follow-up."""

    story_id: str = field("berättelse-id", "Story id", unique=True)
    unit_id: str = field("enhet", "Unit", fk="units")
    story_date: pl.Date = field("datum", "Date the story was collected")
    theme: str = field("tema", "Theme, e.g. handover, waiting, participation, information",
                       normalise="lower")
    summary: str = field("sammanfattning", "Free-text summary; never shown in the dashboard",
                         free_text=True)

    class Config:
        """Strict at ingest."""

        strict = True
