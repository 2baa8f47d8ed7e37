"""What every public "file a request" serializer checks the same way (the catalog's and the
community portal's): the place as a barangay's PSGC code, and the requester's consent to the
privacy notice."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from common.selectors.geography import barangay_find


class PublicRequestChecksMixin:
    """For a serializer with `barangay` (a PSGC code, validated into the Barangay) and
    `privacy_consent` (must be true) fields."""

    def validate_barangay(self, value):
        barangay = barangay_find(psgc_code=value)
        if barangay is None:
            raise serializers.ValidationError(_("No barangay has this PSGC code."))
        return barangay

    def validate_privacy_consent(self, value):
        if value is not True:
            raise serializers.ValidationError(_("The requester must agree to the privacy notice."))
        return value
