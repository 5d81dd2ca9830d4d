"""briefing.pdf as a reader gets it: typeset with Typst from the data, read back with pypdf.

Built directly (content + compile, no kernel, no browser): a few seconds each.
"""

from __future__ import annotations

import re

import pytest

import cat_kz
from cat_kz.dataset.redaction import Redactor, scan
from cat_kz.publish.briefing_content import briefing_pdf
from cat_kz.publish.pdf import pdf_pages
from cat_kz.publish.typeset import NBSP

META = {"rendered_at": "12 March 2025", "dataset_fingerprint": "f0" * 32}
PLUMBING = ("Wrote", "papermill", "mktemp", "$(", ".csv", "data/raw", "--pdf")


def flat(text: str) -> str:
    """pypdf text with no-break spaces and line breaks folded into single spaces."""
    return " ".join(text.replace(NBSP, " ").split())


@pytest.fixture(scope="module", params=["none", "victims"])
def briefing(request):
    level = request.param
    return level, [flat(page) for page in pdf_pages(briefing_pdf(META, redact=level))]


def test_length_cover_and_no_thin_pages(briefing):
    _, pages = briefing
    assert 6 <= len(pages) <= 12, len(pages)
    cover = pages[0]
    assert "Committee against Torture" in cover
    assert (
        "Human Rights Watch" in cover
        and "Submission to the United Nations Committee Against Torture on Kazakhstan" in cover
    )
    assert "Date rendered 12 March 2025" in cover
    thin = [number for number, page in enumerate(pages[1:], start=2) if len(page) < 200]
    assert thin == [], f"pages with under 200 characters: {thin}"


def test_key_findings_carry_the_counts_with_their_pages(briefing):
    _, pages = briefing
    text = " ".join(pages)
    findings = text[text.index("Key findings", len(pages[0])) :]
    findings = findings[: findings.index("What happened when")]
    counts = cat_kz.load_counts().set_index("count_id")
    expected = {  # the counts table's figures, each in a sentence with its page
        "cnt-01": r"12 people were killed[^.]*\(p\. (\d+)\)",
        "cnt-03": r"convicted 34 people \(p\. (\d+)\)",
        "cnt-04": r"sent 13 of the defendants to prison \(p\. (\d+)\)",
        "cnt-07": r"trial of 37 defendants began[^.]*\(p\. (\d+)\)",
        "cnt-13": r"extradited at least 28 people[^(]*\(p\. (\d+)\)",
    }
    for count_id, pattern in expected.items():
        found = re.search(pattern, findings)
        assert found, f"{count_id}: {pattern!r} not in the key findings"
        assert int(found.group(1)) == counts.at[count_id, "page"], count_id
    claims = cat_kz.load_claims()
    others = (
        claims[(claims["record_id"] == "cnt-01") & (claims["relation"] == "differs")]["number"].dropna().astype(int)
    )
    assert f"other sources give {others.min()} to {others.max()}" in findings


def test_no_plumbing(briefing):
    _, pages = briefing
    text = " ".join(pages)
    assert [word for word in PLUMBING if word in text] == []
    assert "persons" not in re.findall(r"\b1 persons?\b", text), "1 person, not 1 persons"
    assert "human rights watch" not in text and "un special rapporteur" not in text, "labels in reader case"


def test_redaction_named_on_every_page(briefing):
    level, pages = briefing
    if level == "none":
        assert all("Redacted" not in page for page in pages)
        assert "None: names appear as they do in the source" in pages[0]
        return
    for number, page in enumerate(pages, start=1):
        assert "Redacted (level: victims)" in page, f"page {number} does not name the redaction level"
    redactor = Redactor(cat_kz.load_people(), "victims")
    assert scan(" ".join(pages), redactor) == []
    people = cat_kz.load_people().set_index("person_id")
    for person_id in redactor.redacted:
        name = people.at[person_id, "name"]
        if " " in name:
            assert name not in " ".join(pages), person_id


#: A quote block as read back: the source's words in quotation marks, then "— Human Rights Watch (p. 5)".
QUOTE = re.compile(r"\u201c([^\u201d]+)\u201d \u2014 Human Rights Watch \(p\. (\d+)\)")


def test_quotes_are_the_sources_words_with_their_page(briefing):
    level, pages = briefing
    text = " ".join(pages)
    quoted = QUOTE.findall(text)
    assert len(quoted) >= 3, "a quote in the methods, the returns and the law sections"
    sections = [text.rindex("Methods of torture"), text.rindex("Returns despite"), text.rindex("Law and practice")]
    starts = [m.start() for m in QUOTE.finditer(text)]
    for begin, end in zip(sections, sections[1:] + [text.rindex("Recommendations")]):
        assert any(begin < at < end for at in starts), f"no quote after {text[begin : begin + 20]!r}"
    dataset = cat_kz.load_dataset(redact=level)
    sourced = {  # every quote column's text at this level, with its page
        (flat(q), int(page))
        for name in ("acts", "refoulement", "findings", "events", "counts")
        for q, page in zip(getattr(dataset, name)["quote"].dropna(), getattr(dataset, name)["page"].dropna())
    }
    for words, page in quoted:
        assert (words, int(page)) in sourced, f"not a quote of the source on p. {page}: {words!r}"


def test_pseudonyms_inside_quotes_are_bracketed(briefing):
    level, pages = briefing
    text = " ".join(pages)
    redactor = Redactor(cat_kz.load_people(), "victims")
    pseudonyms = [redactor.pseudonyms[p] for p in redactor.redacted]
    quoted = re.findall(r"\u201c([^\u201d]*)\u201d", text)  # every span after an opening quote mark
    bracketed = [q for q in quoted for name in pseudonyms if f"[{name}]" in q]
    if level == "none":
        assert bracketed == [] and not any(name in q for q in quoted for name in pseudonyms)
        return
    assert bracketed, "a pseudonym that replaced a name appears, bracketed, in a quote"
    bare = [(name, q) for q in quoted for name in pseudonyms if re.search(rf"(?<!\[){re.escape(name)}(?!\w)", q)]
    assert bare == [], f"a pseudonym inside a quote without brackets: {bare}"


def test_letter_paper_and_no_browser(monkeypatch):
    from cat_kz.publish import pdf

    monkeypatch.setattr(pdf, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("PATH", "/nonexistent")
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(briefing_pdf(META, paper="Letter")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_citations_open_their_passage_on_the_source_page():
    """Issue 23: a key finding's page citation is a link annotation to its record's passage."""
    import io

    from pypdf import PdfReader

    pdf = briefing_pdf(META, redact="none")
    targets = {
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for annotation in page.get("/Annots", []) or []
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    }
    assert {"source.html#cnt-01", "source.html#cnt-03", "source.html#rf-2011-06-09-uzbekistan"} <= targets
    assert all(t.startswith("source.html#") for t in targets)
