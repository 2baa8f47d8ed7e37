"""The privacy notice every requester agrees to (Data Privacy Act 2012, RA 10173).

Change PRIVACY_NOTICE_VERSION whenever the text changes: each request records the version
its requester agreed to, and a form showing an older version is refused.
"""

from django.utils.translation import gettext_lazy as _

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
