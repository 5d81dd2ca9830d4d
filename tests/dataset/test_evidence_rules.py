"""The evidence rules of issue 22: each fails on a constructed bad record of a data copy."""

from __future__ import annotations

import pytest

import cat_kz
from cat_kz.errors import DataError
from tests.helpers.data import edit_cell


def problems_of(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        cat_kz.load_dataset(data_dir)
    return [str(p) for p in caught.value.problems]


def test_the_project_data_pass():
    cat_kz.load_dataset()  # raises DataError if any rule fails


def test_a_summary_names_what_it_restates(data_copy):
    edit_cell(data_copy, "acts", "act-007", "restates", "")
    [problem] = problems_of(data_copy)
    assert "(act-007), column restates" in problem and "a summary must name the acts it restates" in problem


def test_an_inferred_place_says_so(data_copy):
    edit_cell(data_copy, "events", "ev-2012-04-10-testimony-tuberculosis", "notes", "")
    [problem] = problems_of(data_copy)
    assert (
        "(ev-2012-04-10-testimony-tuberculosis), column place: 'Aktau': the quote does not state this place" in problem
    )


def test_a_stated_place_needs_no_note(data_copy):
    # the quote of the trial's opening names Aktau: no note needed
    edit_cell(data_copy, "events", "ev-2012-03-27-trial-begins", "notes", "")
    cat_kz.load_dataset(data_copy)


def test_a_group_beside_a_member_is_defined_without_them(data_copy):
    edit_cell(data_copy, "people", "g03", "name", "Detainees held in the police station")
    edit_cell(
        data_copy, "people", "g03", "description", "Detainees held with Kenzhebaev, as he described them to his family"
    )
    [problem] = problems_of(data_copy)
    assert "people.csv" in problem and "(g03), column description" in problem and "beside p01" in problem


def test_a_hand_set_relation_against_the_numbers_needs_its_reason(data_copy):
    edit_cell(data_copy, "claims", "cl-31", "relation", "differs")  # 29 against 'at least 28'
    [problem] = problems_of(data_copy)
    assert "(cl-31), column relation: 'differs': the figures or dates say 'consistent'" in problem
    edit_cell(data_copy, "claims", "cl-31", "relation_reason", "a constructed reason")
    cat_kz.load_dataset(data_copy)


def test_narrower_needs_its_reason(data_copy):
    edit_cell(data_copy, "claims", "cl-19", "relation_reason", "")
    [problem] = problems_of(data_copy)
    assert "(cl-19), column relation: 'narrower': narrower needs relation_reason" in problem
