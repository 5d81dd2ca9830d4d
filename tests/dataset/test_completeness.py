"""The source's facts that must be in the dataset.

Two kinds of check: facts listed here by hand from a reading of the source
(names, figures, cases, methods), and facts found in the text by pattern
(every full date, every cited web address), so that a record cannot be lost
without a test failing.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import cat_kz
from cat_kz.model.sources import normalise_whitespace

NAMED_PEOPLE = [
    "Bazarbai Kenzhebaev",
    "Zhenisbek Temirov",
    "Esengeldy Abdrakhmanov",
    "Tanatar Kaliev",
    "Parakhat Dyusenbaev",
    "Colonel Kadyrov",
    "Nursultan Mukhashev",
    "Shabdol Utkilov",
    "Rosa Tuletaeva",
    "Zhanat Murynbaev",
    "Kairat Edilov",
    "Mels Sarybaev",
    "Maksat Dosmagambetov",
    "Naryn Zharylgasynov",
    "Kanat Zhusipbaev",
    "Vladimir Kozlov",
    "Zinaida Mukhortova",
    "Khairullo Tursunov",
    "Ershidin Israil",
]

# (person, method_code): every alleged method for every named person or group
ALLEGED = [
    ("Bazarbai Kenzhebaev", "truncheon"),
    ("Bazarbai Kenzhebaev", "gauntlet"),
    ("Bazarbai Kenzhebaev", "beating"),
    ("Bazarbai Kenzhebaev", "forced_nudity"),
    ("Bazarbai Kenzhebaev", "forced_lying"),
    ("Bazarbai Kenzhebaev", "trampling"),
    ("Esengeldy Abdrakhmanov", "forced_nudity"),
    ("Esengeldy Abdrakhmanov", "cold_exposure"),
    ("Esengeldy Abdrakhmanov", "cold_water"),
    ("Esengeldy Abdrakhmanov", "forced_lying"),
    ("Esengeldy Abdrakhmanov", "beating"),
    ("Esengeldy Abdrakhmanov", "trampling"),
    ("Tanatar Kaliev", "beating"),
    ("Tanatar Kaliev", "object_blows"),
    ("Tanatar Kaliev", "psychological_pressure"),
    ("Tanatar Kaliev", "threat_family"),
    ("Parakhat Dyusenbaev", "rape_threat"),
    ("Parakhat Dyusenbaev", "sexual_humiliation"),
    ("Parakhat Dyusenbaev", "threat_charges"),
    ("Parakhat Dyusenbaev", "head_against_wall"),
    ("Parakhat Dyusenbaev", "hands_tied"),
    ("Parakhat Dyusenbaev", "forced_nudity"),
    ("Parakhat Dyusenbaev", "sexual_violence_object"),
    ("Parakhat Dyusenbaev", "beating"),
    ("Nursultan Mukhashev", "minor_without_guardian"),
    ("Nursultan Mukhashev", "beating"),
    ("Shabdol Utkilov", "suffocation_bag"),
    ("Rosa Tuletaeva", "suffocation_bag"),
    ("Zhanat Murynbaev", "suffocation_bag"),
    ("Kairat Edilov", "suffocation_bag"),
    ("Mels Sarybaev", "suffocation_bag"),
    ("Maksat Dosmagambetov", "beating"),
    ("Zinaida Mukhortova", "psychiatric_detention"),
]
GROUP_METHODS = {
    "g01": {"kicking", "truncheon", "forced_nudity", "trampling", "cold_exposure"},  # Dec 16-19 detainees, p. 3
    "g02": {"beating", "suffocation", "psychological_pressure", "ill_treatment"},  # defendants at trial, p. 5
    "g03": {"squatting", "cold_water", "trampling", "beating"},  # detainees held with Kenzhebaev, p. 4
    "g04": {"rape_threat"},  # at least two others, p. 6
    "g08": {"beating"},  # other detainees beaten with Abdrakhmanov, p. 5
    # the UN special rapporteur's 2009 findings, p. 2
    "g05": {"punching", "object_blows", "truncheon", "kicking", "suffocation_bag", "suffocation_gas_mask"},
}

# (measure, value, qualifier, page)
FIGURES = [
    ("killed", 12, "exact", 3),
    ("injured", None, "approximate", 3),
    ("convicted", 34, "exact", 3),
    ("imprisoned", 13, "exact", 3),
    ("defendants on trial", 37, "exact", 5),
    ("extradited", 28, "at least", 8),
    ("extradited", 4, "exact", 8),
    ("other defendants who testified to threats of rape", 2, "at least", 6),
    ("defendants who alleged suffocation with plastic bags", 5, "at least", 6),
    ("law enforcement officers held accountable for ordering or carrying out the beatings", 0, "exact", 5),
    ("people Human Rights Watch researchers spoke to in Zhanaozen", None, "approximate", 3),
    ("defendants who testified to ill-treatment", None, "approximate", 3),
]

# (destination, edtf of the return, minimum persons, Committee action)
CASES = [
    ("Uzbekistan", "2011-06-09", 28, "interim measures"),
    ("Uzbekistan", "2010-39", 4, "none stated"),
    ("Uzbekistan", "2013-03-13", 1, "communication"),
    ("China", "2011-05-30", 1, "none stated"),
]

# date phrases without a full date that must be events: (date_text, edtf)
PHRASES = [
    ("December 2011", "2011-12"),
    ("between December 16 and 19", "2011-12-16/2011-12-19"),
    ("between December 16 and 18", "2011-12-16/2011-12-18"),
    ("spring 2014", "2014-21"),
    ("in late 2010", "2010-39"),
    ("In early 2014", "2014-37"),
    ("in mid-2014", "2014-38"),
    ("December 2009", "2009-12"),
    ("in 2009", "2009"),
    ("December 2010", "2010-12"),
    ("January 2010", "2010-01"),
    ("In January 2008", "2008-01"),
    ("In October 2008", "2008-10"),
    ("in July 2013", "2013-07"),
    ("since July 2014", "2014-07/2014-10"),
    ("in 2011", "2011"),
    ("In April 2012", "2012-04"),
    ("sometime in April", "2012-04"),
    ("July 2009", "2009-07"),
    ("April 19", "2012-04-19"),
    ("December 18", "2011-12-18"),
    ("February 28", "2013-02-28"),
    ("On December 22", "2011-12-22"),
    ("a year earlier", "2010~"),
    ("October 2014", "2014-10"),
]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
NOT_EVENTS = {"September 16, 2014": "the date a web page was accessed (footnote 5), not an event"}


@pytest.fixture(scope="module")
def ds():
    return cat_kz.load_dataset()


def test_every_named_person_is_a_record(ds):
    names = set(ds.people["name"])
    assert [n for n in NAMED_PEOPLE if n not in names] == []
    assert ds.people.set_index("name").at["Nursultan Mukhashev", "age"] == 17
    assert bool(ds.people.set_index("name").at["Nursultan Mukhashev", "is_minor"]) is True


def test_every_alleged_method_for_every_named_person(ds):
    pairs = set(zip(ds.acts["person_name"], ds.acts["method_code"]))
    assert [p for p in ALLEGED if p not in pairs] == []
    coded_individuals = set(ds.acts.loc[ds.acts["person_kind"] == "individual", "person_name"]) - {
        "[name lost in transcription]"
    }
    assert coded_individuals == {name for name, _ in ALLEGED}


def test_every_alleged_method_for_every_group(ds):
    for group, methods in GROUP_METHODS.items():
        assert set(ds.acts.loc[ds.acts["person_id"] == group, "method_code"]) == methods, group


def test_every_stated_figure(ds):
    counts = ds.counts
    for measure, value, qualifier, page in FIGURES:
        rows = counts[(counts["measure"] == measure) & (counts["qualifier"] == qualifier) & (counts["page"] == page)]
        rows = rows[rows["value"].isna()] if value is None else rows[rows["value"] == value]
        assert len(rows) == 1, (measure, value)


def test_every_refoulement_case(ds):
    cases = {(r.destination, r.edtf, r.n_persons, r.cat_action) for r in ds.refoulement.itertuples()}
    assert cases == set(CASES)


def test_every_recommendation(ds):
    openings = [
        "Fully investigate",
        "Review all June 2012",
        "Ensure that all asylum seekers",
        "Review the law",
        "Amend the definition",
    ]
    assert [q.split(",")[0][: len(o)] for q, o in zip(ds.recommendations["quote"], openings)] == openings


def test_every_date_phrase_is_an_event(ds):
    coded = set(zip(ds.events["date_text"], ds.events["edtf"])) | set(
        zip(ds.refoulement["date_text"], ds.refoulement["edtf"])
    )
    assert [p for p in PHRASES if p not in coded] == []


def test_every_full_date_in_the_source_is_coded(ds):
    """Each 'Month D, YYYY' in the body is the date of an event (or a listed exclusion)."""
    body = normalise_whitespace(ds.texts["hrw-2014"].body)
    found = {m.group(0) for m in re.finditer(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}", body)}
    assert len(found) > 15
    events = ds.events
    missing = []
    for phrase in sorted(found - set(NOT_EVENTS)):
        date = pd.to_datetime(phrase, format="%B %d, %Y")
        hit = events[(events["date_start"] == date) & events["quote"].map(lambda q: phrase in normalise_whitespace(q))]
        if hit.empty:
            missing.append(phrase)
    assert missing == []


def test_every_cited_publication_is_an_event(ds):
    """Each web address in the footnotes stands in the quote of an event dated by it."""
    body = ds.texts["hrw-2014"].body
    urls = re.findall(r"https?://\S+?(?=[;,]?\s|\.?\s|\.?$)", body)
    assert len(urls) == 13  # footnotes 1 (3), 2 (3), 3 (2), 4, 5 and 6 (3)
    quotes = " ".join(ds.events["quote"])
    assert [u for u in urls if u not in quotes] == []
    assert (ds.events["category"] == "advocacy").sum() >= 13


def test_special_rapporteur_2009_findings(ds):
    un = ds.events[ds.events["category"] == "un"]
    assert {"2009-12", "2009"} <= set(un["edtf"])
    sr_acts = ds.acts[ds.acts["alleged_by"] == "un special rapporteur"]
    assert set(sr_acts["method_category"]) >= {"blunt_trauma", "asphyxiation"}
