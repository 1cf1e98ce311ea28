"""Baseline (b): the five headline metrics by home municipality and quarter with pandas, as an
analyst would compute them from the raw delivery files (read_csv / read_parquet, merge, groupby).

Same output as ``baseline_duckdb``: metric_id, period ('2025Q3'), region_code, group_code,
numerator, denominator, value. Definitions: ``../shared/spec/metrics.md``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = ["metric_id", "period", "region_code", "group_code", "numerator", "denominator", "value"]
CRITERIA = ["goals_documented", "icf_coded", "patient_participated", "responsibilities_assigned"]
TRUE_TEXT = {"true", "1", "ja", "yes"}


def _quarter(dates: pd.Series) -> pd.Series:
    return dates.dt.year.astype(str) + "Q" + dates.dt.quarter.astype(str)


def _dates(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame


def _flag(values: pd.Series) -> pd.Series:
    return values.fillna("").str.lower().isin(TRUE_TEXT)


def load(delivery_dir: Path) -> dict[str, pd.DataFrame]:
    """Read the entities the five metrics need (codes as text, dates parsed)."""
    folder = Path(delivery_dir)
    text = {"dtype": str, "keep_default_na": False, "na_values": [""]}
    units = pd.read_csv(folder / "units.csv", usecols=["unit_id", "region_code"], **text)
    patients = pd.read_csv(folder / "patients.csv", usecols=["patient_id", "municipality_code"], **text)
    population = pd.read_csv(folder / "population.csv", usecols=["year", "municipality_code", "population"],
                             dtype={"year": int, "municipality_code": str, "population": int})
    visits = pd.read_parquet(folder / "visits.parquet",
                             columns=["patient_id", "referral_id", "unit_id", "visit_date", "status", "coordinated"])
    visits["visit_date"] = pd.to_datetime(visits["visit_date"])
    referrals = _dates(pd.read_csv(folder / "referrals.csv",
                                   usecols=["referral_id", "patient_id", "unit_id", "received_date"], **text),
                       ["received_date"])
    plans = _dates(pd.read_csv(folder / "plans.csv",
                               usecols=["patient_id", "unit_id", "created_date", "follow_up_planned_date", *CRITERIA],
                               **text), ["created_date"])
    admissions = _dates(pd.read_csv(folder / "admissions.csv",
                                    usecols=["admission_id", "patient_id", "unit_id", "admit_date", "discharge_date",
                                             "admission_type", "discharge_to"], **text),
                        ["admit_date", "discharge_date"])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {"units": units, "patients": patients, "population": population, "visits": visits,
            "referrals": referrals, "plans": plans, "admissions": admissions,
            "cutoff": pd.Timestamp(manifest["extract_date"])}


def _with_place(frame: pd.DataFrame, data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Add the unit's region and the patient's home municipality (inner joins, as the warehouse's)."""
    frame = frame.merge(data["units"], on="unit_id", how="inner")
    frame = frame.merge(data["patients"], on="patient_id", how="inner")
    return frame[frame["municipality_code"].notna()]


def _share(frame: pd.DataFrame, metric_id: str, date_column: str, flag_column: str) -> pd.DataFrame:
    grouped = (frame.assign(period=_quarter(frame[date_column]))
               .groupby(["period", "region_code", "municipality_code"], as_index=False)
               .agg(numerator=(flag_column, "sum"), denominator=(flag_column, "size")))
    grouped["numerator"] = grouped["numerator"].astype(float)
    grouped["denominator"] = grouped["denominator"].astype(float)
    grouped["value"] = grouped["numerator"] / grouped["denominator"]
    return grouped.rename(columns={"municipality_code": "group_code"}).assign(metric_id=metric_id)[COLUMNS]


def access_rate(data: dict[str, pd.DataFrame], attended: pd.DataFrame) -> pd.DataFrame:
    """E1.access_rate: distinct persons with an attended visit per 1 000 residents (home municipality)."""
    visits = attended.merge(data["patients"], on="patient_id", how="inner")
    visits = visits[visits["municipality_code"].notna()]
    visits = visits.assign(period=_quarter(visits["visit_date"]), year=visits["visit_date"].dt.year)
    persons = (visits.groupby(["period", "year", "municipality_code"], as_index=False)["patient_id"]
               .nunique().rename(columns={"patient_id": "numerator"}))
    population = data["population"].groupby(["year", "municipality_code"], as_index=False)["population"].sum()
    cells = persons.merge(population, on=["year", "municipality_code"], how="inner")
    cells["numerator"] = cells["numerator"].astype(float)
    cells["denominator"] = cells["population"].astype(float)
    cells["value"] = cells["numerator"] / cells["denominator"] * 1000
    cells["region_code"] = cells["municipality_code"].str[:2]
    return cells.rename(columns={"municipality_code": "group_code"}).assign(metric_id="E1.access_rate")[COLUMNS]


def wait_days_median(data: dict[str, pd.DataFrame], attended: pd.DataFrame) -> pd.DataFrame:
    """E1.wait_days_median: days from received date to the referral's first attended visit on/after it."""
    referrals = data["referrals"]
    visits = attended[attended["referral_id"].notna()][["referral_id", "visit_date"]]
    pairs = referrals.merge(visits, on="referral_id", how="inner")
    pairs = pairs[pairs["visit_date"] >= pairs["received_date"]]
    first = pairs.groupby("referral_id", as_index=False)["visit_date"].min()
    first = referrals.merge(first, on="referral_id", how="inner")
    first["wait_days"] = (first["visit_date"] - first["received_date"]).dt.days.astype(float)
    first = _with_place(first, data)
    cells = (first.assign(period=_quarter(first["visit_date"]))
             .groupby(["period", "region_code", "municipality_code"], as_index=False)
             .agg(denominator=("wait_days", "size"), value=("wait_days", "median")))
    cells["numerator"] = np.nan
    cells["denominator"] = cells["denominator"].astype(float)
    return cells.rename(columns={"municipality_code": "group_code"}).assign(metric_id="E1.wait_days_median")[COLUMNS]


def plan_guideline_share(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """E2.plan_guideline_share: plans meeting all five guideline criteria / plans, by created date."""
    plans = data["plans"]
    plans = plans[plans["created_date"].notna()].copy()
    meets = plans["follow_up_planned_date"].notna()
    for criterion in CRITERIA:
        meets &= _flag(plans[criterion])
    plans["meets"] = meets.astype(int)
    return _share(_with_place(plans, data), "E2.plan_guideline_share", "created_date", "meets")


def coordinated_visit_share(data: dict[str, pd.DataFrame], attended: pd.DataFrame) -> pd.DataFrame:
    """E3.coordinated_visit_share: coordinated attended visits / attended visits, by visit date."""
    visits = attended.assign(coordinated_flag=attended["coordinated"].fillna(False).astype(bool).astype(int))
    return _share(_with_place(visits, data), "E3.coordinated_visit_share", "visit_date", "coordinated_flag")


def merge_stays(admissions: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """Merge touching admissions of a patient into stays (next admit on or before the stay's latest
    discharge, or the same/next day after a transfer to another hospital; open stays reach the cut-off).

    One row per stay: patient_id, admit_date, discharge_date (NaT while any admission is open),
    admission_type (of the first admission), discharge_to and unit_id (of the admission discharged last).
    """
    frame = admissions.copy()
    frame["reach"] = frame["discharge_date"].fillna(cutoff)
    transfer = frame["discharge_to"].eq("other_hospital") & frame["discharge_date"].notna()
    frame.loc[transfer, "reach"] = frame.loc[transfer, "discharge_date"] + pd.Timedelta(days=1)
    frame = frame.sort_values(["patient_id", "admit_date", "discharge_date", "admission_id"], na_position="last")
    by_patient = frame.groupby("patient_id", sort=False)
    previous_reach = by_patient["reach"].cummax().groupby(frame["patient_id"], sort=False).shift(1)
    new_stay = previous_reach.isna() | (frame["admit_date"] > previous_reach)
    frame["stay"] = new_stay.astype(int).groupby(frame["patient_id"], sort=False).cumsum()
    frame["open"] = frame["discharge_date"].isna()
    keys = ["patient_id", "stay"]
    firsts = frame.groupby(keys, sort=False).agg(admit_date=("admit_date", "first"),
                                                 admission_type=("admission_type", "first"),
                                                 any_open=("open", "any"))
    last = (frame.sort_values(["discharge_date", "admit_date", "admission_id"], na_position="first")
            .groupby(keys, sort=False)
            .agg(discharge_date=("discharge_date", "last"), discharge_to=("discharge_to", "last"),
                 unit_id=("unit_id", "last")))
    stays = firsts.join(last).reset_index()
    stays.loc[stays["any_open"], "discharge_date"] = pd.NaT
    return stays.drop(columns=["any_open"])


def readmission_share(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """E6.readmission_30d_share: index stays followed by an acute stay admitted 1-30 days after discharge."""
    cutoff = data["cutoff"]
    stays = merge_stays(data["admissions"], cutoff)
    index = stays[stays["discharge_date"].notna()
                  & stays["discharge_to"].fillna("").ne("deceased")
                  & (stays["discharge_date"] + pd.Timedelta(days=30) <= cutoff)].copy()
    acute = (stays[stays["admission_type"].eq("acute")][["patient_id", "admit_date"]]
             .rename(columns={"admit_date": "next_acute"}).sort_values("next_acute"))
    index = pd.merge_asof(index.sort_values("discharge_date"), acute, left_on="discharge_date",
                          right_on="next_acute", by="patient_id", direction="forward", allow_exact_matches=False)
    index["readmitted"] = ((index["next_acute"] - index["discharge_date"]).dt.days <= 30).astype(int)
    return _share(_with_place(index, data), "E6.readmission_30d_share", "discharge_date", "readmitted")


def compute_metrics(delivery_dir: Path) -> pd.DataFrame:
    """The five headline metrics by municipality and quarter, one row per cell."""
    data = load(delivery_dir)
    visits = data["visits"]
    attended = visits[visits["status"] == "attended"]
    attended = attended[attended["unit_id"].isin(data["units"]["unit_id"])]
    frames = [
        access_rate(data, attended),
        wait_days_median(data, attended),
        plan_guideline_share(data),
        coordinated_visit_share(data, attended),
        readmission_share(data),
    ]
    cells = pd.concat(frames, ignore_index=True)
    return cells.sort_values(["metric_id", "period", "region_code", "group_code"]).reset_index(drop=True)
