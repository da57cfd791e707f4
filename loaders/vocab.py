"""The controlled vocabularies of the dataset, written once.

The legend, the filters, the about page, the schema test and the exports all read
these tables; nothing else spells a status or an event type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# The bureaus' names as the Chinese sources write them (福州, 青田...) are their entries in the
# Chinese catalogues (i18n/catalogues/zh-Hans.po, ``bureau.*``): written there once, read by search.
BUREAUS: Final = ("Fuzhou", "Qingtian", "Nantong", "Wenzhou", "unknown")

LOCATION_PRECISIONS: Final = {
    "city": "Placed at the centre of the city named by the sources.",
    "country": "Only the country is known: drawn hollow at a representative point of the country.",
    "unplaced": "Counted by a report but placed by no public source: not on the map, still counted.",
}

ORIGINS: Final = {
    "report": "Listed in a Safeguard Defenders report.",
    "host-government": "Named by a host government or its police, not by the reports.",
    "court": "Named in court documents, not by the reports.",
    "news": "Named by the press, not by the reports.",
    "legislator": "Named by a member of parliament (a question, a speech), not by the reports.",
}


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    definition: str
    colour: str  # see PALETTE_NOTE: distinguishable with the common colour-vision deficiencies


# Ordered from the first step to the furthest. A station's status is the furthest step
# that its dated events have reached (see loaders.status.derive_status).
STATUSES: Final = (
    Status(
        "reported",
        "Reported",
        "Listed by Safeguard Defenders or named in the press; no official reaction on record.",
        "#E69F00",
    ),
    Status(
        "denied",
        "Denied by host",
        "The host government said there was no such station or nothing to act on.",
        "#CC79A7",
    ),
    Status(
        "under_investigation",
        "Under investigation",
        "Police, a security service or a ministry said it was investigating or checking the reports, "
        "searched, arrested or expelled people tied to a station.",
        "#56B4E9",
    ),
    Status(
        "no_evidence_found",
        "No evidence found",
        "An authority said it found no evidence of illegal activity at the site.",
        "#F0E442",
    ),
    Status(
        "closure_ordered",
        "Closure ordered",
        "A host government ordered or told the station to close.",
        "#0072B2",
    ),
    Status(
        "closed",
        "Closed",
        "A host government or the operators said the station had closed.",
        "#009E73",
    ),
    Status(
        "prosecuted",
        "Prosecuted",
        "Criminal charges were filed or a guilty plea entered.",
        "#D55E00",
    ),
    Status(
        "convicted",
        "Convicted",
        "A court found someone guilty over the station (a guilty verdict).",
        "#882255",
    ),
    Status(
        "sentenced",
        "Sentenced",
        "A court sentenced someone over the station.",
        "#000000",
    ),
)
# Words for the About page; tests/unit/test_vocab.py checks the colours stay apart under simulated
# protan, deutan and tritan vision.
PALETTE_NOTE: Final = (
    "Status colours are the Okabe–Ito palette with Paul Tol's wine for “Convicted”, "
    "distinguishable with common colour-vision deficiencies."
)

STATUS_BY_KEY: Final = {s.key: s for s in STATUSES}
STATUS_RANK: Final = {s.key: i for i, s in enumerate(STATUSES)}

# Event type -> (label, status it sets or None when it leaves the status as it is).
EVENT_TYPES: Final = {
    "reported": ("Reported", "reported"),
    "investigation_opened": ("Investigation opened", "under_investigation"),
    "inquiry": ("Inquiry or check", "under_investigation"),  # "examining the reports", short of an investigation
    "search_raid": ("Search or raid", "under_investigation"),
    "arrest": ("Arrest", "under_investigation"),
    # An expulsion (or an order to leave) of people tied to a station: a state action short of a trial.
    "expulsion": ("Expulsion", "under_investigation"),
    "charges": ("Charges filed", "prosecuted"),
    "guilty_plea": ("Guilty plea", "prosecuted"),  # a step of the prosecution; a sentence follows it
    "guilty_verdict": ("Guilty verdict", "convicted"),
    "acquittal": ("Acquittal", None),  # the charges stay on record: the station stays prosecuted
    "sentence": ("Sentence", "sentenced"),
    "closure_ordered": ("Closure ordered", "closure_ordered"),
    "closed": ("Closed", "closed"),
    "no_evidence_found": ("No evidence found", "no_evidence_found"),
    "investigation_closed": ("Investigation closed without charges", None),  # not a finding of no evidence
    "denial": ("Denial by host government", "denied"),
    "host_statement": ("Host government statement", None),
    # An answer in parliament that states an action is typed as that action (e.g. closure_ordered);
    # one that only describes or comments sets no status, like a host statement.
    "parliamentary_answer": ("Answer in parliament", None),
    "civil_suit": ("Civil suit", None),  # e.g. the operators suing for defamation: not a state action
    # Not the host government: a member's question, letter or call, and what the operators say.
    # Charges, a trial or a verdict against the people running a site for offences that are not the
    # alleged police work (e.g. food-hygiene or subsidy fraud): recorded, but the map does not show
    # the station as "prosecuted" for them.
    "other_prosecution": ("Prosecution on other grounds", None),
    "legislator_question": ("Question, letter or call by legislators", None),
    "operator_statement": ("Statement by the operators", None),
    "china_statement": ("Chinese government statement", None),
}

# Source kind -> label shown beside a link ("copy of …" is added from a source's copy_of).
SOURCE_KINDS: Final = {
    "ngo": "NGO",
    "government": "Government",
    "police": "Police",
    "prosecutor": "Prosecutor",
    "court": "Court",
    "parliament": "Parliament",
    "news": "Press",
    "encyclopedia": "Encyclopedia",
    "other": "Other",
}

# Who acted: so that a press investigation or one legislator's letter is never shown as the
# host government's reaction. Actor kind -> (label, group); the groups are "host" (the host
# state's authorities), "china" (any organ of the PRC) and "other" (press, NGOs, members acting
# alone, the operators).
ACTOR_KINDS: Final = {
    "executive": ("Government or ministry", "host"),
    "police": ("Police or security service", "host"),
    "prosecutor": ("Prosecutor", "host"),
    "court": ("Court", "host"),
    "parliament": ("Parliament or committee", "host"),
    "local_government": ("Local government", "host"),
    "legislator": ("A member of parliament", "other"),
    "chinese_government": ("Chinese government", "china"),
    "press": ("Press", "other"),
    "ngo": ("NGO", "other"),
    "operators": ("The operators", "other"),
}

# What a station's evidence supports.
EVIDENCE_CLAIMS: Final = {
    "placement": "Where it is: the city (or the country) the page names.",
    "bureau": "Which Chinese public security bureau ran it.",
    "listing": "That a report, a government, a court or the press named it.",
}
MAX_QUOTE_WORDS: Final = 30

DISAGREEMENT_TOPICS: Final = ("count", "city", "date", "bureau", "status", "other")
