"""The ARTA harmonized Client Satisfaction Measurement (ARTA Memorandum Circular 2022-05):
its questions, answer scales and the way results are computed."""

from django.utils.translation import gettext_lazy as _

CC1_CHOICES = [
    (1, _("I know what a Citizen's Charter is and I saw this office's Charter.")),
    (2, _("I know what a Citizen's Charter is but I did not see this office's Charter.")),
    (3, _("I learned of the Citizen's Charter only when I saw this office's Charter.")),
    (4, _("I do not know what a Citizen's Charter is and I did not see one in this office.")),
]
CC2_CHOICES = [
    (1, _("Easy to see")),
    (2, _("Somewhat easy to see")),
    (3, _("Difficult to see")),
    (4, _("Not visible at all")),
    (5, _("Not applicable")),
]
CC3_CHOICES = [
    (1, _("Helped very much")),
    (2, _("Somewhat helped")),
    (3, _("Did not help")),
    (4, _("Not applicable")),
]
CC_QUESTIONS = {
    "cc1": _("CC1. Which best describes your awareness of a Citizen's Charter?"),
    "cc2": _("CC2. If aware of the Citizen's Charter, would you say that the Charter of this office was…?"),
    "cc3": _("CC3. If aware of the Citizen's Charter, how much did it help you in your transaction?"),
}
# CC1 answer 4 ("do not know a Charter") makes CC2 and CC3 not applicable.
CC2_NOT_APPLICABLE = 5
CC3_NOT_APPLICABLE = 4

SQD_QUESTIONS = {
    "sqd0": _("SQD0. I am satisfied with the service that I availed."),
    "sqd1": _("SQD1. I spent a reasonable amount of time for my transaction."),
    "sqd2": _(
        "SQD2. The office followed the transaction's requirements and steps based on the "
        "information provided."
    ),
    "sqd3": _("SQD3. The steps (including payment) I needed to do for my transaction were easy and simple."),
    "sqd4": _("SQD4. I easily found information about my transaction from the office or its website."),
    "sqd5": _("SQD5. I paid a reasonable amount of fees for my transaction."),
    "sqd6": _("SQD6. I feel the office was fair to everyone, or “walang palakasan”, during my transaction."),
    "sqd7": _("SQD7. I was treated courteously by the staff, and (if asked for help) the staff was helpful."),
    "sqd8": _(
        "SQD8. I got what I needed from the government office, or (if denied) denial of request "
        "was sufficiently explained to me."
    ),
}
SQD_SCALE = [
    (5, _("Strongly agree")),
    (4, _("Agree")),
    (3, _("Neither agree nor disagree")),
    (2, _("Disagree")),
    (1, _("Strongly disagree")),
]
# Answers of 4 and 5 count as satisfied ("agree or strongly agree").
SATISFIED_FROM = 4
# ARTA's overall score is computed over SQD1–SQD8; SQD0 (overall satisfaction) is reported
# on its own. N/A answers leave the denominator.
OVERALL_SQDS = tuple(f"sqd{number}" for number in range(1, 9))

RATINGS = [
    (95, _("Outstanding")),
    (90, _("Very satisfactory")),
    (80, _("Satisfactory")),
    (60, _("Fair")),
    (0, _("Poor")),
]


def rating_for(score: float | None) -> str:
    if score is None:
        return ""
    return str(next(label for floor, label in RATINGS if score >= floor))
