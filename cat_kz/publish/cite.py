"""How to cite what ``cat-kz report`` publishes: one sentence, the same on the index and the source page.

The sentence names the software and its version, the dataset by its fingerprint
(sha256 over every file in ``data/``, so a reader can tell which coding a figure
came from), and the source the records are coded from. ``CITATION.cff`` at the
project root says the same for reference managers; a test keeps the two in step.

>>> how_to_cite({"version": "0.1.0", "dataset_fingerprint": "ab" * 32, "source": "Human Rights Watch, Submission"})  # doctest: +NORMALIZE_WHITESPACE
"cat-kz maintainers, cat-kz: evidence tables coded from Human Rights Watch's 2014 submission to the UN Committee against Torture on Kazakhstan, version 0.1.0, dataset fingerprint sha256:abababababababababababababababababababababababababababababababab. Source: Human Rights Watch, Submission."
"""

from __future__ import annotations

#: Who the software and the coded tables are credited to (as in CITATION.cff).
AUTHORS = "cat-kz maintainers"
#: The title of the software and its coded tables (as in CITATION.cff).
TITLE = (
    "cat-kz: evidence tables coded from Human Rights Watch's 2014 submission to the UN Committee against "
    "Torture on Kazakhstan"
)


def how_to_cite(meta: dict) -> str:
    """The suggested citation for a run described by ``meta`` (``version``, ``dataset_fingerprint``, ``source``).

    Keys that are missing are left out of the sentence rather than guessed.
    """
    parts = [AUTHORS, TITLE]
    if meta.get("version"):
        parts.append(f"version {meta['version']}")
    if meta.get("dataset_fingerprint"):
        parts.append(f"dataset fingerprint sha256:{meta['dataset_fingerprint']}")
    sentence = ", ".join(parts) + "."
    if meta.get("source"):
        sentence += f" Source: {str(meta['source']).rstrip('.')}."
    return sentence
