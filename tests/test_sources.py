"""The source text: immutable copy, pages, offsets and quote lookup."""

from __future__ import annotations

import pytest

import cat_kz
from cat_kz.errors import SourceFormatError
from cat_kz.files import PROJECT_ROOT
from cat_kz.model.sources import read_source, sha256_of, split_pages

RAW = PROJECT_ROOT / "data" / "raw" / "hrw-cat-kazakhstan-2014.txt"
SHA256 = "35337d6b468edcd8c97153cf0199633284129cd264f63748e095dff5563fa8d2"  # from shared/README.md


def test_raw_copy_is_byte_identical_to_the_published_hash():
    assert sha256_of(RAW) == SHA256
    assert cat_kz.load_sources().set_index("source_id").at["hrw-2014", "sha256"] == SHA256


def test_pages_run_1_to_10_and_end_with_their_number():
    source = read_source(RAW)
    assert [page.number for page in source.pages] == list(range(1, 11))
    for page in source.pages:
        assert source.page_text(page.number).rstrip().endswith(f" {page.number}")


def test_body_starts_after_the_transcription_marker():
    source = read_source(RAW)
    assert source.text[: source.body_start].rstrip().endswith("Transcription:")
    assert source.body.lstrip().startswith("Human Rights Watch Submission")
    # the listing of similar documents before the marker is not the submission
    assert source.find_all("AMNESTY INTERNATIONAL PUBLIC STATEMENT") == []


def test_offsets_point_at_the_quote():
    source = read_source(RAW)
    start, end = source.find_quote("Nursultan Mukhashev, who is 17 years old", page=6)
    assert source.text[start:end] == "Nursultan Mukhashev, who is 17 years old"
    assert source.page_of(start) == 6 and source.find_quote("Nursultan Mukhashev", page=7) is None


def test_every_record_carries_offsets_into_the_source():
    dataset = cat_kz.load_dataset()
    text = dataset.texts["hrw-2014"].text
    for name in ("people", "events", "acts", "refoulement", "counts", "recommendations"):
        frame = dataset[name]
        for row in frame.itertuples():
            passage = " ".join(text[row.char_start : row.char_end].split())
            assert passage == " ".join(row.quote.split()), (name, row[1])


def test_source_without_marker_or_with_a_page_missing():
    with pytest.raises(SourceFormatError, match="no line 'Transcription:'"):
        split_pages("Intro\nPage one 1\n")
    with pytest.raises(SourceFormatError, match="line 2 should end with page number 2, found 3"):
        split_pages("Listing\nTranscription:\nPage one. 1\n\nPage three. 3\n", name="x.txt")


def test_bom_and_crlf_source_reads_the_same(tmp_path):
    copy = tmp_path / "s.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + RAW.read_bytes().replace(b"\n", b"\r\n"))
    assert read_source(copy).text == read_source(RAW).text
