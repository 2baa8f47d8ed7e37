"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/.

Services are the published catalog entries that accept requests (service_code = the
entry's slug); service requests are ours, with the tracking code as service_request_id.
Field names, status values (open / closed) and the error format are the spec's; OBCMS's
finer statuses go in status_notes, the charter's processing time in service_notice.
Requests are public by design of the spec, so a response never carries who asked, their
contact or the text they wrote; the location is given at municipality level.
Docs: docs/open311.md.
"""

import json
from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import wraps
from typing import Any
from xml.etree import ElementTree

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from common.errors import ApplicationError
from common.permissions import public
from common.selectors.geography import barangay_find
from service_catalog import selectors
from service_catalog.models import OPEN_STATUSES, RequestChannel, RequestStatus, ServiceRequest
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.services.requests import service_request_submit
from service_catalog.throttling import public_request_wait
from service_catalog.validators import reject_html

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
JURISDICTION_ID = "oobc.bangsamoro.gov.ph"
CONTACT = "Office for Other Bangsamoro Communities (OOBC), Cotabato City, BARMM. oobc@bangsamoro.gov.ph"
KEY_SERVICE = "No API key is needed: api_key is accepted and ignored. Filing is limited per client IP."
MAX_REQUESTS = 1000
DEFAULT_WINDOW_DAYS = 90
MAX_WINDOW_DAYS = 90  # the spec: a start_date/end_date range "may not span more than 90 days"
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element name of a list's items in XML (the spec's examples).
XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}
# Our service's field names, as the Open311 parameters a client sent them in.
OPEN311_FIELDS = {
    "service": "service_code",
    "requester_name": "first_name",
    "requester_email": "email",
    "requester_phone": "phone",
    "barangay": "address_id",
    "location_details": "address_string",
    "latitude": "lat",
    "longitude": "long",
    "details": "description",
    "beneficiaries": "attribute[beneficiaries]",
    "privacy_notice_version": "attribute[privacy_consent]",
}


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str):
        super().__init__(descriptions)
        self.status = status
        self.descriptions = descriptions


# --- Rendering ----------------------------------------------------------------------------


def _xml_value(parent: ElementTree.Element, name: str, value: Any) -> None:
    element = ElementTree.SubElement(parent, name)
    _xml_fill(element, name, value)


def _xml_fill(element: ElementTree.Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_value(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _xml_value(element, XML_ITEMS[name], item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def render(data: Any, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """`data` as JSON, or as XML under `root` (lists become `root` > item elements)."""
    if fmt == "xml":
        element = ElementTree.Element(root)
        _xml_fill(element, root, data)
        body = ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error_response(status: int, descriptions, fmt: str) -> HttpResponse:
    errors = [{"code": status, "description": description} for description in descriptions]
    return render(errors, fmt if fmt in CONTENT_TYPES else "json", "errors", status=status)


def open311_view(methods: list[str]) -> Callable:
    """Public, CSRF-exempt (no cookies are used), throttled per client IP like the public
    API; errors in the spec's format."""

    def decorator(view: Callable) -> Callable:
        @public
        @csrf_exempt
        @require_http_methods(methods)
        @wraps(view)
        def wrapped(request: HttpRequest, *args, format: str, **kwargs) -> HttpResponse:
            wait = public_request_wait(request)
            if wait:
                response = error_response(429, ["Too many requests: try again later."], format)
                response["Retry-After"] = str(wait)
                return response
            try:
                jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
                if jurisdiction and jurisdiction != JURISDICTION_ID:
                    raise Open311Error(
                        404, f"jurisdiction_id: unknown jurisdiction (this is {JURISDICTION_ID})."
                    )
                return view(request, *args, format=format, **kwargs)
            except Open311Error as exc:
                return error_response(exc.status, exc.descriptions, format)

        return wrapped

    return decorator


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


# --- Discovery and services ---------------------------------------------------------------


@open311_view(["GET"])
def discovery(request: HttpRequest, format: str) -> HttpResponse:
    entries = selectors.public_entries()
    changeset = max((row["updated_at"] for row in entries), default=None)
    changeset = _iso(datetime.fromisoformat(changeset)) if changeset else _iso(timezone.now())
    base = reverse("open311:discovery", kwargs={"format": format}).rsplit("discovery.", 1)[0]
    data = {
        "changeset": changeset,
        "contact": CONTACT,
        "key_service": KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": request.build_absolute_uri(base),
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(data, format, "discovery")


def _open_entries() -> list[dict]:
    return [row for row in selectors.public_entries() if row["accepting_requests"]]


@open311_view(["GET"])
def service_list(request: HttpRequest, format: str) -> HttpResponse:
    services = [
        {
            "service_code": row["slug"],
            "service_name": row["title"],
            "description": row["summary"],
            "metadata": True,
            "type": "realtime",
            "keywords": ", ".join(filter(None, [row["sector_label"], row["mao_acronym"]])),
            "group": row["mao_name"],
        }
        for row in _open_entries()
    ]
    return render(services, format, "services")


def _entry_for(service_code: str, field: str = "service_code", status: int = 404):
    try:
        entry = selectors.public_entry_get(key=service_code)
    except Http404:
        entry = None
    if entry is None or not entry.accepting_requests:
        raise Open311Error(status, f"{field}: no service with this code accepts requests.")
    return entry


@open311_view(["GET"])
def service_definition(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    entry = _entry_for(slug)
    privacy_url = request.build_absolute_uri(reverse("service_catalog:privacy"))
    data = {
        "service_code": entry.slug,
        "attributes": [
            {
                "variable": True,
                "code": "privacy_consent",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "The key of the only value: the privacy notice version agreed to.",
                "order": 1,
                "description": f"The requester read the privacy notice at {privacy_url} and agrees to it.",
                "values": [
                    {"key": PRIVACY_NOTICE_VERSION, "name": "I have read the privacy notice and agree"}
                ],
            },
            {
                "variable": True,
                "code": "contact",
                "datatype": "string",
                "required": True,
                "datatype_description": "An email address or a mobile number. Not needed when the request "
                "already carries email or phone.",
                "order": 2,
                "description": "Where should the office send the answer? (Citizen's Charter: every "
                "request gets an answer.)",
                "values": [],
            },
            {
                "variable": True,
                "code": "beneficiaries",
                "datatype": "number",
                "required": False,
                "datatype_description": "A whole number from 1 to 100000 (default 1).",
                "order": 3,
                "description": "How many people would benefit from the service?",
                "values": [],
            },
        ],
    }
    return render(data, format, "service_definition")


# --- Service requests ---------------------------------------------------------------------


def request_row(service_request: ServiceRequest) -> dict[str, Any]:
    """A request in the spec's fields. Never who asked, their contact or their own words."""
    service = service_request.service
    if service_request.barangay_id:
        municipality = service_request.barangay.municipality
        place = ", ".join(
            filter(None, [municipality.name, municipality.province.name if municipality.province_id else ""])
        )
    else:
        place = ""  # staff have not placed it yet; the address the client sent stays private
    history = selectors.public_history(service_request)
    last_note = next(
        (
            change.public_text
            for change in reversed(history)
            if change.public_text and change.written_for_the_public
        ),
        "",
    )
    label = RequestStatus(service_request.status).label
    notice = (
        f"Citizen's Charter: {service.get_classification_display()}; "
        f"processing time {service_request.sla_working_days} working days"
    )
    if service_request.sla_paused:
        notice += ", paused while waiting for the requester"
    expected = None
    if service_request.is_open and not service_request.sla_paused:
        expected = _iso(timezone.make_aware(datetime.combine(service_request.sla_due_on, time(17, 0))))
    return {
        "service_request_id": service_request.tracking_code,
        "status": service_request.open311_status,
        "status_notes": f"OBCMS status: {label} ({service_request.status}). {last_note}".strip(),
        "service_name": service.title,
        "service_code": service.slug,
        "description": f"Request for “{service.title}”" + (f" from {place}." if place else "."),
        "agency_responsible": service.mao.name,
        "service_notice": notice + ".",
        "requested_datetime": _iso(service_request.created_at),
        "updated_datetime": _iso(service_request.status_changed_at),
        "expected_datetime": expected,
        "address": place,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _moment(request: HttpRequest, name: str) -> datetime | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    moment = parse_datetime(raw.replace(" ", "+"))  # a "+" in a query string arrives as a space
    if moment is None and (day := parse_date(raw)):
        moment = datetime.combine(day, time.min)
    if moment is None:
        raise Open311Error(400, f"{name}: use an ISO 8601 date and time, e.g. 2026-01-31T08:00:00+08:00.")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _list_filters(request: HttpRequest) -> dict[str, Any]:
    codes = [
        code.strip().upper() for code in request.GET.get("service_request_id", "").split(",") if code.strip()
    ]
    if codes:  # the spec: other parameters are ignored
        return {"codes": codes[:MAX_REQUESTS]}
    statuses: set[str] = set()
    for value in filter(None, (part.strip() for part in request.GET.get("status", "").split(","))):
        if value not in ("open", "closed"):
            raise Open311Error(400, "status: use open, closed or open,closed.")
        statuses |= OPEN_STATUSES if value == "open" else set(RequestStatus.values) - OPEN_STATUSES
    start, end = _moment(request, "start_date"), _moment(request, "end_date")
    if start and end and start > end:
        raise Open311Error(400, "start_date: must be before end_date.")
    if start and (end or timezone.now()) - start > timedelta(days=MAX_WINDOW_DAYS):
        raise Open311Error(
            400, f"start_date: the range from start_date to end_date may span at most {MAX_WINDOW_DAYS} days."
        )
    return {
        "service_code": request.GET.get("service_code", "").strip(),
        "statuses": sorted(statuses),
        "start": start,
        "end": end,
    }


@open311_view(["GET", "POST"])
def requests(request: HttpRequest, format: str) -> HttpResponse:
    if request.method == "POST":
        return _request_create(request, format)
    rows = selectors.public_request_rows(filters=_list_filters(request))[:MAX_REQUESTS]
    return render([request_row(row) for row in rows], format, "service_requests")


@open311_view(["GET"])
def request_detail(request: HttpRequest, code: str, format: str) -> HttpResponse:
    try:
        service_request = selectors.public_request_get(code=code.upper())
    except Http404 as exc:
        raise Open311Error(404, "service_request_id: not found.") from exc
    return render([request_row(service_request)], format, "service_requests")


class Open311RequestForm(forms.Form):
    """The shape of a POST requests: the spec's parameters, with our limits. As in the
    spec, only service_code and a location (address_id, lat + long, or address_string) are
    required; OOBC's charter needs a way to answer, asked for as the `contact` attribute
    when neither email nor phone is sent, and the privacy consent attribute."""

    service_code = forms.SlugField(max_length=80)
    first_name = forms.CharField(max_length=60, required=False, validators=[reject_html])
    last_name = forms.CharField(max_length=60, required=False, validators=[reject_html])
    email = forms.EmailField(max_length=254, required=False)
    phone = forms.CharField(max_length=32, required=False)
    description = forms.CharField(max_length=2000, required=False, validators=[reject_html])
    address_id = forms.RegexField(
        r"^[0-9]{10}$", required=False, error_messages={"invalid": "the barangay's 10-digit PSGC code."}
    )
    lat = forms.DecimalField(min_value=-90, max_value=90, required=False)
    long = forms.DecimalField(min_value=-180, max_value=180, required=False)
    address_string = forms.CharField(max_length=200, required=False, validators=[reject_html])
    beneficiaries = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    privacy_consent = forms.CharField(max_length=20)
    contact = forms.CharField(max_length=254, required=False, validators=[reject_html])

    def clean(self):
        cleaned = super().clean()
        has_lat, has_long = cleaned.get("lat") is not None, cleaned.get("long") is not None
        for name in ("lat", "long"):
            if cleaned.get(name) is not None:  # stored to the micro-degree (about 10 cm)
                cleaned[name] = cleaned[name].quantize(Decimal("0.000001"))
        if has_lat != has_long and not ({"lat", "long"} & set(self.errors)):
            self.add_error("lat" if not has_lat else "long", "send lat and long together.")
        located = cleaned.get("address_id") or (has_lat and has_long) or cleaned.get("address_string")
        if not located and not ({"address_id", "lat", "long", "address_string"} & set(self.errors)):
            self.add_error("address_id", "say where: address_id, lat and long, or address_string.")
        contact = cleaned.get("contact", "").strip()
        if not (cleaned.get("email") or cleaned.get("phone")) and not ({"email", "phone"} & set(self.errors)):
            # The contact attribute: an email address, else a mobile number.
            if not contact:
                self.add_error("contact", "give an email address or a mobile number (or email or phone).")
            elif "@" in contact:
                cleaned["email"] = contact
            else:
                cleaned["phone"] = contact
        return cleaned


FORM_TO_OPEN311 = {
    "beneficiaries": "attribute[beneficiaries]",
    "privacy_consent": "attribute[privacy_consent]",
    "contact": "attribute[contact]",
}


def _errors(error_dict: dict[str, list[str]], names: dict[str, str]) -> list[str]:
    return [
        f"{names.get(field, field)}: {message}"
        for field, messages in error_dict.items()
        for message in messages
    ]


def _request_create(request: HttpRequest, format: str) -> HttpResponse:
    data = {name: request.POST.get(name, "") for name in Open311RequestForm.base_fields}
    for attribute in ("beneficiaries", "privacy_consent", "contact"):
        data[attribute] = request.POST.get(f"attribute[{attribute}]", "")
    form = Open311RequestForm(data)
    if not form.is_valid():
        raise Open311Error(400, *_errors(form.errors, FORM_TO_OPEN311))
    cleaned = form.cleaned_data
    entry = _entry_for(cleaned["service_code"], status=400)
    barangay = None
    if cleaned["address_id"]:
        barangay = barangay_find(psgc_code=cleaned["address_id"])
        if barangay is None:
            raise Open311Error(400, "address_id: no barangay has this PSGC code.")
    try:
        service_request = service_request_submit(
            service=entry,
            requester_name=" ".join(filter(None, [cleaned["first_name"], cleaned["last_name"]])),
            requester_email=cleaned["email"],
            requester_phone=cleaned["phone"],
            barangay=barangay,
            latitude=cleaned["lat"],
            longitude=cleaned["long"],
            location_details=cleaned["address_string"],
            details=cleaned["description"],
            beneficiaries=cleaned["beneficiaries"] or 1,
            privacy_notice_version=cleaned["privacy_consent"],
            channel=RequestChannel.OPEN311,
        )
    except ApplicationError as exc:
        raise Open311Error(400, *_errors(exc.fields, OPEN311_FIELDS)) from exc
    notice = (
        f"Received. Follow it with the tracking code {service_request.tracking_code}. Citizen's Charter "
        f"processing time: {service_request.sla_working_days} working days."
    )
    if service_request.needs_placement:
        notice += " The office will place the address you gave in its barangay."
    body = [
        {"service_request_id": service_request.tracking_code, "service_notice": notice, "account_id": None}
    ]
    return render(body, format, "service_requests", status=201)


@public
@csrf_exempt
def not_found(request: HttpRequest, path: str) -> HttpResponse:
    """Any other path under /open311/v2/: the spec's error format (XML when the path asks
    for .xml), never an HTML page."""
    fmt = "xml" if path.lower().endswith(".xml") else "json"
    return error_response(404, [f"path: /open311/v2/{path} is not a GeoReport v2 resource."], fmt)
