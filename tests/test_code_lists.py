"""One place for each code list: the extract contract (``contracts.codes``). The reference seeds the
warehouse and the snapshot carry list the same codes in the same order, and the generator and the
dashboard take theirs from the contract or the snapshot instead of keeping copies."""

from __future__ import annotations

import pandas as pd
import pytest

from contracts import codes
from samrehab.config import PROJECT_ROOT
from samrehab.generator import clinical, referrals

SEEDS = {  # seed -> (code column, the contract's list)
    "sexes": ("sex", codes.SEX),
    "care_levels": ("care_level", codes.CARE_LEVELS),
    "professions": ("profession", codes.PROFESSIONS),
    "need_levels": ("need_level", codes.NEED_LEVELS),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_lists_the_contract_codes_in_order(seed: str) -> None:
    column, expected = SEEDS[seed]
    frame = pd.read_csv(PROJECT_ROOT / "seeds" / f"{seed}.csv", dtype=str, keep_default_na=False)
    ordered = frame.assign(order=frame["sort_order"].astype(int)).sort_values("order")[column].tolist()
    assert ordered == list(expected)


def test_the_generator_uses_the_contract_lists() -> None:
    assert referrals.CARE_LEVELS is codes.CARE_LEVELS and referrals.SENDERS is codes.CARE_LEVELS
    assert clinical.PROFESSIONS is codes.PROFESSIONS
    assert [referrals.CARE_LEVELS[i] for i in (referrals.SPECIALIST, referrals.PRIMARY, referrals.MUNICIPAL)] == [
        "specialist", "primary", "municipal"]


def test_no_code_list_is_spelled_out_again() -> None:
    spelled = ('"specialist", "primary", "municipal"', '"physio", "ot", "slp", "dietitian"',
               '"basic", "advanced", "special"')
    sources = [p for folder in ("samrehab", "dashboards", "ingest") for p in (PROJECT_ROOT / folder).rglob("*.py")]
    found = [f"{p.relative_to(PROJECT_ROOT)}: {text}" for p in sources for text in spelled
             if text in p.read_text(encoding="utf-8")]
    assert not found, f"code lists written again (take them from contracts.codes): {found}"
