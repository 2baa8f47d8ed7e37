"""The privacy notice every requester agrees to (Data Privacy Act 2012, RA 10173).

Change PRIVACY_NOTICE_VERSION whenever the text changes: each request records the version
its requester agreed to, and a form showing an older version is refused.
"""

import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.errors import ApplicationError

PRIVACY_NOTICE_VERSION = "2026-01"

PRIVACY_NOTICE = [
    _(
        "The Office for Other Bangsamoro Communities (OOBC) and the ministry, agency or office "
        "that provides the service collect your name, your email address or phone number, your "
        "barangay and what you write in your request."
    ),
    _(
        "We use them only to handle your request: to review it, to contact you about it, and to "
        "count requests in our reports without your name."
    ),
    _(
        "Only the staff who handle the request can see your name and contact details. The public "
        "status page and the public API show the tracking code, the service, the status, the "
        "municipality and the notes written for you, never who you are."
    ),
    _(
        "We keep requests for five years after they are closed. You may ask OOBC to show, "
        "correct or delete your data, and you may complain to the National Privacy Commission."
    ),
]


# A public note is shown on the status page and in Open311 to anyone: it must not carry
# anyone's contact details. An email address, or a phone number: ten or more digits in one
# run with the usual separators (Philippine mobiles and landlines with area code: 0917 123
# 4567, +63 917 123 4567, (02) 8123-4567). Dates and tracking codes have fewer digits.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\+?\(?\d(?:[\s.()-]{0,2}\d){9,}")


def public_note_check(text: str) -> None:
    """Refuses a note for the public that contains an email address or a phone number."""
    if EMAIL.search(text) or PHONE.search(text):
        raise ApplicationError(
            gettext(
                "Remove the phone number or email address: this note is shown publicly. "
                "Write contact details as an internal note."
            ),
            field="public_note",
        )
