"""DigComp 2.2 competence names, for Open Badges ``alignment`` entries.

Course files name competences by code ("1.3"); a credential's alignment must also carry the
competence's name and a URL for the framework (``targetName`` and ``targetUrl`` are required by
Open Badges 3.0). Names are the framework's own English titles.
"""

from __future__ import annotations

FRAMEWORK = "DigComp 2.2"
FRAMEWORK_URL = "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415"

COMPETENCES: dict[str, str] = {
    "1.1": "Browsing, searching and filtering data, information and digital content",
    "1.2": "Evaluating data, information and digital content",
    "1.3": "Managing data, information and digital content",
    "2.1": "Interacting through digital technologies",
    "2.2": "Sharing through digital technologies",
    "2.3": "Engaging in citizenship through digital technologies",
    "2.4": "Collaborating through digital technologies",
    "2.5": "Netiquette",
    "2.6": "Managing digital identity",
    "3.1": "Developing digital content",
    "3.2": "Integrating and re-elaborating digital content",
    "3.3": "Copyright and licences",
    "3.4": "Programming",
    "4.1": "Protecting devices",
    "4.2": "Protecting personal data and privacy",
    "4.3": "Protecting health and well-being",
    "4.4": "Protecting the environment",
    "5.1": "Solving technical problems",
    "5.2": "Identifying needs and technological responses",
    "5.3": "Creatively using digital technologies",
    "5.4": "Identifying digital competence gaps",
}


def competence_name(code: str) -> str:
    """The English title of a DigComp 2.2 competence; ValueError for an unknown code."""
    try:
        return COMPETENCES[code]
    except KeyError:
        raise ValueError(f"unknown DigComp 2.2 competence code {code!r}") from None
