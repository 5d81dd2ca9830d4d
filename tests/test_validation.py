"""Each validation rule, on a deliberately broken copy of the data."""

from __future__ import annotations

import re
import shutil

import pytest

import cat_kz
from cat_kz.cli import main
from cat_kz.errors import DataError
from cat_kz.model.schema import TABLES
from tests.helpers.data import edit_cell, read_rows, write_rows


def problems_of(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        cat_kz.load_dataset(data_dir)
    return [str(p) for p in caught.value.problems]


def test_the_real_dataset_passes():
    dataset = cat_kz.load_dataset()
    assert len(dataset.acts) > 0 and len(dataset.events) > 0


def test_missing_column_names_the_file_and_column(data_copy):
    header, rows = read_rows(data_copy / "acts.csv")
    header.remove("setting")
    for row in rows:
        del row["setting"]
    write_rows(data_copy / "acts.csv", header, rows)
    assert problems_of(data_copy) == ["acts.csv: missing column(s): setting"]


def test_unknown_column_is_not_dropped_silently(data_copy):
    header, rows = read_rows(data_copy / "counts.csv")
    write_rows(data_copy / "counts.csv", header + ["comment"], [row | {"comment": "x"} for row in rows])
    assert problems_of(data_copy) == ["counts.csv: unknown column(s): comment (see cat_kz.model.schema)"]


def test_unknown_method_code_names_row_value_and_suggests(data_copy):
    edit_cell(data_copy, "acts", "act-013", "method_code", "gauntlett")
    assert problems_of(data_copy) == [
        "acts.csv row 13 (act-013), column method_code: 'gauntlett': "
        "no methods.method_code has this value; did you mean 'gauntlet'?"
    ]


def test_dangling_person_id_in_a_list(data_copy):
    edit_cell(data_copy, "recommendations", "rec-2", "person_ids", "p09;p13;p99")
    [problem] = problems_of(data_copy)
    assert problem.startswith("recommendations.csv row 2 (rec-2), column person_ids: 'p99': no people.person_id")


def test_date_end_before_date_start(data_copy):
    edit_cell(data_copy, "events", "ev-2011-12-16-custody-abuse", "edtf", "2011-12-19/2011-12-16")
    [problem] = problems_of(data_copy)
    assert "ev-2011-12-16-custody-abuse" in problem and "column edtf" in problem
    assert "'2011-12-19/2011-12-16'" in problem


def test_malformed_edtf(data_copy):
    edit_cell(data_copy, "events", "ev-2012-03-27-trial-begins", "edtf", "March 27, 2012")
    [problem] = problems_of(data_copy)
    assert (
        problem.startswith("events.csv row ")
        and "(ev-2012-03-27-trial-begins), column edtf: 'March 27, 2012'" in problem
    )


def test_quote_not_in_the_source(data_copy):
    edit_cell(data_copy, "acts", "act-044", "quote", "officers suffocated them using plastic bags")
    assert problems_of(data_copy) == [
        "acts.csv row 44 (act-044), column quote: 'officers suffocated them using plastic bags': "
        "not found verbatim on page 6 of hrw-2014"
    ]


def test_quote_on_the_wrong_page(data_copy):
    edit_cell(data_copy, "counts", "cnt-01", "page", "4")
    assert problems_of(data_copy) == ["counts.csv row 1 (cnt-01), column page: 4: quote is on page 3, not page 4"]


def test_quote_matching_ignores_whitespace_but_nothing_else(data_copy):
    edit_cell(data_copy, "counts", "cnt-01", "quote", "12 people  were\nkilled and dozens injured")
    cat_kz.load_dataset(data_copy)  # whitespace differences are fine
    edit_cell(data_copy, "counts", "cnt-01", "quote", "12 People were killed and dozens injured")
    assert len(problems_of(data_copy)) == 1


def test_date_phrase_must_stand_in_the_quote(data_copy):
    edit_cell(data_copy, "events", "ev-2012-03-27-trial-begins", "date_text", "On March 28, 2012")
    [problem] = problems_of(data_copy)
    assert "column date_text: 'On March 28, 2012': the date phrase does not occur in the quote" in problem


def test_duplicate_id(data_copy):
    header, rows = read_rows(data_copy / "people.csv")
    write_rows(data_copy / "people.csv", header, rows + [dict(rows[0])])
    [problem] = problems_of(data_copy)
    assert problem.startswith(
        f"people.csv row {len(rows) + 1} (p01), column person_id: 'p01': duplicate id (rows 1, {len(rows) + 1})"
    )


def test_empty_file(data_copy):
    (data_copy / "methods.csv").write_text("")
    assert problems_of(data_copy) == ["methods.csv: the file is empty (not even a header)"]


def test_missing_file(data_copy):
    (data_copy / "counts.csv").unlink()
    [problem] = problems_of(data_copy)
    assert problem.startswith("counts.csv: file not found:")


def test_source_whose_hash_differs(data_copy):
    raw = data_copy / "raw" / "hrw-cat-kazakhstan-2014.txt"
    raw.write_bytes(raw.read_bytes().replace(b"12 people were killed", b"13 people were killed"))
    problems = problems_of(data_copy)
    assert problems[0].startswith("sources.csv row 1 (hrw-2014), column sha256: '35337d6b")
    assert "the source changed or the wrong file is in place" in problems[0]


def test_closed_vocabulary(data_copy):
    edit_cell(data_copy, "events", "ev-2012-03-27-trial-begins", "category", "trials")
    [problem] = problems_of(data_copy)
    assert "column category: 'trials': not in the vocabulary" in problem and "did you mean 'trial'?" in problem


def test_typed_cells(data_copy):
    edit_cell(data_copy, "people", "p07", "age", "seventeen")
    edit_cell(data_copy, "refoulement", "rf-2011-06-09-uzbekistan", "cat_action_disregarded", "maybe")
    problems = problems_of(data_copy)
    assert "people.csv row 7 (p07), column age: 'seventeen': not a whole number" in problems
    assert any("column cat_action_disregarded: 'maybe': not true or false" in p for p in problems)


def test_minor_flag_must_agree_with_age(data_copy):
    edit_cell(data_copy, "people", "p07", "is_minor", "false")
    assert problems_of(data_copy) == ["people.csv row 7 (p07), column is_minor: False: contradicts age 17"]


def test_huridocs_code_must_exist(data_copy):
    edit_cell(data_copy, "methods", "kicking", "huridocs_code", "30101000000")
    [problem] = problems_of(data_copy)
    assert "column huridocs_code: '30101000000': a HURIDOCS code has 12 digits" in problem


def test_every_problem_is_listed_not_just_the_first(data_copy):
    edit_cell(data_copy, "acts", "act-001", "method_code", "nope")
    edit_cell(data_copy, "events", "ev-2009-sr-visit", "edtf", "2009-13")
    edit_cell(data_copy, "counts", "cnt-02", "page", "9")
    problems = problems_of(data_copy)
    assert len(problems) == 3
    assert {p.split(" ")[0] for p in problems} == {"acts.csv", "events.csv", "counts.csv"}


def test_spreadsheet_resave_bom_and_crlf_loads_exactly_as_before(data_copy):
    before = cat_kz.load_dataset(data_copy)
    for path in data_copy.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes("\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8"))
    cat_kz.clear_cache()
    after = cat_kz.load_dataset(data_copy)
    for name, frame in before.tables().items():
        assert after[name].equals(frame), name


def test_cli_validate_ok(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(rf"OK: {len(TABLES)} tables, \d+ records; \d+ quotes found verbatim .*\n", out)


def test_cli_validate_reports_problems_and_exits_1(data_copy, capsys):
    edit_cell(data_copy, "acts", "act-013", "method_code", "gauntlett")
    assert main(["validate", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("1 problem in ")
    assert "acts.csv row 13 (act-013), column method_code: 'gauntlett'" in err


def test_raw_source_is_never_written_by_loading(data_copy):
    raw = data_copy / "raw" / "hrw-cat-kazakhstan-2014.txt"
    before = raw.stat().st_mtime_ns, raw.read_bytes()
    cat_kz.load_dataset(data_copy)
    assert (raw.stat().st_mtime_ns, raw.read_bytes()) == before


def test_a_data_dir_without_its_source_file(data_copy):
    shutil.rmtree(data_copy / "raw")
    problems = problems_of(data_copy)
    assert problems[0] == "sources.csv row 1 (hrw-2014), column path: 'raw/hrw-cat-kazakhstan-2014.txt': file not found"


def test_restated_acts_belong_to_the_same_person(data_copy):
    edit_cell(data_copy, "acts", "act-014", "restates", "act-012;act-044")
    assert problems_of(data_copy) == [
        "acts.csv row 14 (act-014), column restates: 'act-044': must be another act of the same person or group"
    ]


def test_blank_number_of_persons_is_a_problem_not_a_crash(data_copy):
    edit_cell(data_copy, "refoulement", "rf-2011-05-30-china", "n_persons", "")
    [problem] = problems_of(data_copy)
    assert "(rf-2011-05-30-china), column n_persons: required value is empty" in problem


def test_missing_reference_vocabulary_is_a_problem_not_a_crash(data_copy):
    (data_copy / "reference" / "huridocs-methods-of-violence.csv").unlink()
    assert problems_of(data_copy) == [
        "sources.csv row 2 (huridocs-mt5), column path: 'reference/huridocs-methods-of-violence.csv': file not found"
    ]


def test_a_group_summary_may_restate_the_accounts_it_summarises(data_copy):
    # g02 (the defendants who testified) restates named defendants' acts: allowed for a group...
    assert "act-044" in cat_kz.load_dataset(data_copy).acts.set_index("act_id").at["act-021", "restates"]
    # ...but an individual's record may not restate another person's acts
    edit_cell(data_copy, "acts", "act-043", "restates", "act-044")
    edit_cell(data_copy, "acts", "act-043", "scope", "summary")
    assert problems_of(data_copy) == [
        "acts.csv row 43 (act-043), column restates: 'act-044': must be another act of the same person or group"
    ]


def test_a_record_that_restates_others_is_a_summary(data_copy):
    edit_cell(data_copy, "acts", "act-014", "scope", "case")
    assert problems_of(data_copy) == [
        "acts.csv row 14 (act-014), column scope: 'case': a record that restates others must have scope 'summary'"
    ]


def test_scope_and_certainty_are_closed_vocabularies(data_copy):
    edit_cell(data_copy, "acts", "act-039", "certainty", "maybe")
    edit_cell(data_copy, "acts", "act-001", "scope", "")
    problems = problems_of(data_copy)
    assert "acts.csv row 1 (act-001), column scope: required value is empty" in problems
    assert any(
        p.startswith("acts.csv row 39 (act-039), column certainty: 'maybe': not in the vocabulary (stated, unclear)")
        for p in problems
    )


def test_an_act_is_pinned_to_a_single_day_only_when_its_quote_states_that_day(data_copy):
    # the audit's case: Kaliev's quote dates his arrest ('grabbed on December 18'), not the beating,
    # so act-029 has no occasion; pinning the 17-year-old's blow to the day he testified is refused
    edit_cell(data_copy, "acts", "act-043", "event_id", "ev-2012-04-10-testimony-tuberculosis")
    assert problems_of(data_copy) == [
        "acts.csv row 43 (act-043), column event_id: 'ev-2012-04-10-testimony-tuberculosis': a single-day occasion "
        "('On April 10, 2012') that the act's quote does not state; leave event_id empty or use an event spanning the period"
    ]
    assert cat_kz.load_acts().set_index("act_id")["event_id"].isna()["act-029"]


def test_a_nationality_is_as_stated_never_inferred(data_copy):
    edit_cell(data_copy, "refoulement", "rf-2010-late-uzbekistan", "nationality", "Uzbekistan")
    edit_cell(
        data_copy,
        "refoulement",
        "rf-2013-03-13-uzbekistan",
        "nationality_quote",
        "authorities forcibly returned Khairullo Tursunov",
    )
    edit_cell(data_copy, "refoulement", "rf-2011-05-30-china", "nationality", "Uighur")
    edit_cell(data_copy, "refoulement", "rf-2011-05-30-china", "nationality_quote", "an Uighur refugee who fled")
    assert problems_of(data_copy) == [
        "refoulement.csv row 1 (rf-2010-late-uzbekistan), column nationality: 'Uzbekistan': needs a nationality_quote stating it, "
        "or 'not stated' (never inferred)",
        "refoulement.csv row 2 (rf-2011-05-30-china), column nationality_quote: 'an Uighur refugee who fled': not found verbatim on page 8",
        "refoulement.csv row 4 (rf-2013-03-13-uzbekistan), column nationality_quote: 'authorities forcibly returned Khairullo Tursunov': "
        "does not state the nationality 'Uzbekistan'",
    ]


def test_every_stated_nationality_is_quoted():
    cases = cat_kz.load_refoulement()
    stated = cases[cases["nationality"] != "not stated"]
    assert len(stated) >= 1
    for row in stated.itertuples():
        assert row.nationality in row.nationality_quote


# --- issue 25: quotes long enough to locate, dates that agree, no invisible characters ---


def test_a_one_letter_quote_does_not_pass_the_verbatim_check(data_copy):
    edit_cell(data_copy, "acts", "act-033", "quote", "a")
    found = problems_of(data_copy)
    assert any("act-033" in p and "column quote" in p and "at least 12 characters" in p for p in found), found


def test_a_quote_found_in_two_places_on_its_page_says_so(data_copy):
    edit_cell(data_copy, "acts", "act-033", "quote", "threatened with")
    header, rows = read_rows(data_copy / "acts.csv")
    page = next(r["page"] for r in rows if r["act_id"] == "act-033")
    found = problems_of(data_copy)
    assert any("act-033" in p and f"occurs 2 or more times on page {page}" in p for p in found), found


def test_date_text_and_edtf_agree_over_every_record(data_copy):
    edit_cell(data_copy, "events", "ev-2014-10-hrw-submission", "edtf", "2099-01-01")
    found = problems_of(data_copy)
    assert found == [
        "events.csv row 1 (ev-2014-10-hrw-submission), column edtf: '2099-01-01': "
        "the date text 'October 2014' says 2014-10-01 to 2014-10-31; the EDTF is outside it"
    ], found


def test_every_real_record_has_date_text_and_edtf_that_agree():
    from cat_kz.dataset.text_checks import check_date_phrases

    assert check_date_phrases(cat_kz.load_dataset().tables()) == []


@pytest.mark.parametrize(
    "char, what",
    [
        ("\u202e", "U+202E (a bidi control)"),
        ("\u2067", "U+2067 (a bidi control)"),
        ("\ufeff", "U+FEFF (a byte order mark)"),
        ("\u2028", "U+2028 (a line separator)"),
        ("\u2029", "U+2029 (a paragraph separator)"),
    ],
)
def test_invisible_controls_in_text_are_refused_with_file_row_and_column(data_copy, char, what):
    edit_cell(data_copy, "people", "p02", "description", f"Head of the {char}facility")
    found = problems_of(data_copy)
    assert any(p.startswith("people.csv row 2 (p02), column description:") and what in p for p in found), found
