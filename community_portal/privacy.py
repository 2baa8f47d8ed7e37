"""The portal's privacy notice (Data Privacy Act 2012, RA 10173).

Change PORTAL_PRIVACY_NOTICE_VERSION whenever the text changes: each account records the
version its owner agreed to, and a registration showing an older version is refused.
"""

from django.utils.translation import gettext_lazy as _

PORTAL_PRIVACY_NOTICE_VERSION = "2026-12"

PORTAL_PRIVACY_NOTICE = [
    (
        _("What we collect"),
        _(
            "Your name, email address, mobile number (if you give it), the community you speak for "
            "and your role in it; the requests, feedback and consultation comments you send."
        ),
    ),
    (
        _("Why"),
        _(
            "To confirm that you speak for your community, to handle your requests and tell you "
            "about them, to measure how satisfied people are with government services (ARTA) and "
            "to hear communities in consultations."
        ),
    ),
    (
        _("Who sees it"),
        _(
            "OOBC staff and the staff of the ministry, agency or office handling your request. "
            "Consultation comments show your first name and community. Feedback you send "
            "anonymously carries no name."
        ),
    ),
    (
        _("How long"),
        _(
            "While your account is open, and requests for five years after they close. When you "
            "close your account we remove your name and contacts and keep your submissions "
            "without them."
        ),
    ),
    (
        _("Your rights"),
        _(
            "You may see and download your data, correct it, object to its use and close your "
            "account at any time. You may complain to the National Privacy Commission."
        ),
    ),
]
