"""The words the mention detectors look for (:mod:`cat_kz.analysis.mentions`): data, not code.

Month names, phrases that look like names but are not people, the words that
never make a name, titles, words for people that a figure counts, number words
and the method lexicon (a word of the source -> the ``data/methods.csv`` codes
it can be evidence of). Edit these to teach the scanner a new source's words;
``tests/analysis/test_coverage.py`` runs the detectors on the source's own forms.

>>> METHOD_LEXICON["suffocat-"]
('suffocation', 'suffocation_bag', 'suffocation_gas_mask')
"""

from __future__ import annotations

__all__ = ["METHOD_LEXICON", "MONTHS", "NAME_STOPWORDS", "NAME_TITLES", "NOT_PEOPLE", "NUMBER_WORDS", "PEOPLE_WORDS"]

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: Phrases that look like names but are not people. Each is matched
#: case-sensitively (any run of whitespace counts as one space) and cut out of
#: the text before any detector runs. Keep it to proper names that are never a
#: person; a source's own headings and the titles of the pages it cites are
#: page-specific and go to ``data/coverage_exclusions.csv`` instead.
NOT_PEOPLE: dict[str, str] = {
    # institutions and bodies
    "Human Rights Watch": "an organisation",
    "Amnesty International": "an organisation",
    "United Nations": "an organisation",
    "Committee Against Torture": "a UN treaty body",
    "Committee against Torture": "a UN treaty body",
    "Ministry of Internal Affairs": "a ministry",
    "Ministry of Justice": "a ministry",
    "Prosecutor General": "an office, not a named person",
    "Zhanaozen Main Police Department": "a police department",
    "Department for Internal Security": "a department",
    "Aktau City Court": "a court",
    "National Commissioner for Human Rights": "an office (the ombudsman)",
    "Coordination Council": "a body of the National Preventive Mechanism",
    "National Preventative Mechanism": "an institution (the source's spelling on p. 1 and 9)",
    "National Preventive Mechanism": "an institution",
    "Zhanaozen 2011 Committee": "a group of civil society activists that monitored the trial",
    "Radio Azattyk": "a broadcaster",
    # laws, instruments and their parts
    "Optional Protocol": "a treaty (the Optional Protocol to the Convention against Torture)",
    "Criminal Code": "a law",
    "Inhuman or Degrading Treatment or Punishment": "a legal term, from the title of the Convention against Torture",
    "Convention Articles": "a reference to articles of the Convention, in section headings",
    "Convention Article": "a reference to an article of the Convention, in section headings",
}

#: Capitalised words that never make a name: function words, pronouns, modal
#: and auxiliary verbs, sentence adverbs, months and weekdays. Without them a
#: sentence opening ("In January", "This memorandum") would read as a name.
NAME_STOPWORDS = frozenset(
    """a an the this that these those in on at since for from with by of to and but or nor if as after before
    during while although though according among between he she they we it i you his her their our its my me
    him them us many several some all both each every no not previously furthermore finally however even also
    further moreover meanwhile there here when where which who whom what why how then thus therefore yet so
    because despite under over into onto upon without within about against through including instead other
    others such be is are was were has have had do does did should would could must can will shall may might
    monday tuesday wednesday thursday friday saturday sunday""".split()
) | frozenset(m.lower() for m in MONTHS)

#: Titles that make a name with one capitalised word after them, in any case
#: ("colonel Kadyrov"); capitalised, they already start a two-word name.
NAME_TITLES = frozenset(
    "colonel general major captain lieutenant sergeant judge mr mrs ms dr president minister".split()
)

#: Words for people that a figure counts (singular and plural).
PEOPLE_WORDS = (
    "people", "persons", "person", "men", "man", "women", "woman", "children", "child", "boys", "boy",
    "girls", "girl", "defendants", "defendant", "detainees", "detainee", "prisoners", "prisoner",
    "inmates", "suspects", "workers", "worker", "officers", "officer", "officials", "official", "agents",
    "policemen", "asylum seekers", "asylum seeker", "asylum-seekers", "refugees", "refugee", "activists",
    "activist", "individuals", "others", "victims", "witnesses", "relatives", "family members", "members",
    "lawyers", "journalists", "investigators", "monitors", "nationals", "civilians", "protesters",
    "demonstrators", "strikers", "minors",
)  # fmt: skip

#: Number words, with their value; None for a figure that is not a number.
NUMBER_WORDS: dict[str, int | None] = {
    "not a single": 0, "a single": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "a hundred": 100, "hundred": 100, "a dozen": 12, "dozen": 12,
    "dozens": None, "several": None, "many": None, "a few": None, "few": None, "numerous": None,
    "hundreds": None, "thousands": None, "scores": None,
}  # fmt: skip

#: The method lexicon: a word or phrase of the source -> the codes of
#: ``data/methods.csv`` it can be evidence of. A key ending in ``-`` is a stem
#: (``beat-`` matches beat, beaten, beating, beatings); spaces match any
#: whitespace; matching ignores case and takes the longest key at a position.
#: Generic words (torture, ill-treatment, mistreated, abuse) are left out on
#: purpose: the whole source is about them, and "ill-treatment, not further
#: described" is coded where an act is alleged, not wherever the word occurs.
METHOD_LEXICON: dict[str, tuple[str, ...]] = {
    # blunt trauma. "beat" and "hit" say only that blows were struck; the act's
    # method says how (truncheon, stool, wall, lines of officers, trampling), and
    # HURIDOCS files all of these under beating (0301), so any blunt-trauma code
    # carries them.
    "beat-": (
        "beating",
        "punching",
        "kicking",
        "truncheon",
        "object_blows",
        "head_against_wall",
        "gauntlet",
        "trampling",
    ),
    "hit": (
        "beating",
        "punching",
        "kicking",
        "truncheon",
        "object_blows",
        "head_against_wall",
        "gauntlet",
        "trampling",
    ),
    "hands and fists": ("punching",),
    "fists": ("punching",),
    "punch-": ("punching",),
    "kick-": ("kicking",),
    "truncheon-": ("truncheon",),
    "dubinki": ("truncheon",),
    "baton-": ("truncheon",),
    "stool": ("object_blows",),
    "plastic bottles": ("object_blows",),
    "bottle": ("object_blows", "sexual_violence_object"),
    "against the wall": ("head_against_wall",),
    "lines of police": ("gauntlet",),
    "through the lines": ("gauntlet",),
    "walked on": ("trampling",),
    "jumped on": ("trampling",),
    "stepped on": ("trampling",),
    "stamped on": ("trampling",),
    "trampl-": ("trampling",),
    # asphyxiation
    "suffocat-": ("suffocation", "suffocation_bag", "suffocation_gas_mask"),
    "asphyxia-": ("suffocation", "suffocation_bag", "suffocation_gas_mask"),
    "plastic bag-": ("suffocation_bag",),
    "gas mask-": ("suffocation_gas_mask",),
    # positional
    "squat-": ("squatting",),
    "face down": ("forced_lying",),
    "made to lie": ("forced_lying",),
    "tied": ("hands_tied",),
    "handcuff-": ("hands_tied",),
    # environmental
    "cold water": ("cold_water",),
    "freezing water": ("cold_water",),
    "ankle-deep water": ("cold_water",),
    "doused": ("cold_water",),
    "freezing": ("cold_exposure", "cold_water"),
    "cold": ("cold_exposure", "cold_water"),
    # humiliation and sexual violence
    "naked": ("forced_nudity",),
    "stripped": ("forced_nudity",),
    "undress-": ("forced_nudity",),
    "took off my trousers": ("forced_nudity",),
    "rape": ("rape_threat", "sexual_violence_object", "sexual_humiliation"),
    "raped": ("rape_threat", "sexual_violence_object", "sexual_humiliation"),
    "humiliated sexually": ("sexual_humiliation",),
    "sexual-": ("rape_threat", "sexual_violence_object", "sexual_humiliation"),
    # psychological
    "threat-": ("rape_threat", "threat_family", "threat_charges"),
    "psychological pressure": ("psychological_pressure",),
    # deprivation of liberty
    "psychiatric": ("psychiatric_detention",),
    # safeguards
    "without his mother": ("minor_without_guardian",),
    "without her mother": ("minor_without_guardian",),
    "without a parent": ("minor_without_guardian",),
    "without his parents": ("minor_without_guardian",),
    "without her parents": ("minor_without_guardian",),
    "without a guardian": ("minor_without_guardian",),
}
