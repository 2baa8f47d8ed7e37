"""Demo catalog: services of real MAOs, derived from their real FY2025 PPAs, with
illustrative Citizen's Charters, a few drafts, and synthetic requests in every status.

Everything written here is marked SYNTHETIC and the public pages say the content is
illustrative. Idempotent: entries are matched by MAO and title, requests are only created
once. Runs after the core seed (order 650), which creates the MAOs, PPAs and communities.
"""

import random
from datetime import timedelta

from django.utils import timezone

from common.models import Barangay, DataSource, Role, User
from coordination.models import Organization
from monitoring.models import MonitoringEntry
from service_catalog import sla
from service_catalog.models import (
    Classification,
    EntryStatus,
    RequestChannel,
    RequestStatus,
    ServiceCatalogEntry,
    ServiceRequest,
    StatusChange,
)
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.services.entries import entry_create, entry_set_status
from service_catalog.services.requests import service_request_submit, service_request_transition

SEED = 650
DAY = 480  # working minutes
COMPLAINT = (
    "Talk first to the head of the {office}. If the matter is not settled, write to the Office "
    "for Other Bangsamoro Communities (OOBC), Cotabato City, or file a complaint with the "
    "Anti-Red Tape Authority (complaints@arta.gov.ph) or Hotline 8888. Say the tracking code "
    "of your request."
)
BARANGAY_CERT = ("Barangay certificate of residency", "Office of the Punong Barangay of your barangay")
VALID_ID = ("One valid government ID, or a barangay ID", "PhilSys, COMELEC, or your Punong Barangay")
INTAKE = ("Send the request through OBCMS or at the office", "Check the request and requirements", 30)


def _steps(*rows) -> list[dict]:
    return [
        {
            "client_action": client,
            "agency_action": agency,
            "fee": 0,
            "duration_minutes": minutes,
            "responsible_office": office,
        }
        for client, agency, minutes, office in rows
    ]


def _requirements(*rows) -> list[dict]:
    return [{"requirement": requirement, "where_to_secure": where} for requirement, where in rows]


# (MAO acronym, PPA title it comes from, entry fields, requirements, steps, status)
CATALOG = [
    (
        "MSSD",
        "Family and Community Welfare Program",
        {
            "title": "Educational assistance for children of poor Bangsamoro families",
            "summary": "A one-time cash grant for school needs of children and youth of poor families.",
            "description": "Part of Angat Bangsamoro Kabataan Tungo sa Karunungan. Covers school "
            "supplies, uniforms and transport for the school year.",
            "sector": "social",
            "who_may_avail": "Poor and vulnerable Bangsamoro families with children in school.",
            "eligibility_criteria": "Family income below the poverty threshold; child enrolled in "
            "elementary, high school or college; not a current recipient of another government "
            "educational grant.",
            "classification": Classification.COMPLEX,
            "slots": 500,
        },
        _requirements(
            ("Certificate of enrolment or school ID of the child", "The child's school registrar"),
            BARANGAY_CERT,
            ("Certificate of indigency", "Municipal Social Welfare and Development Office"),
            VALID_ID,
        ),
        _steps(
            (*INTAKE, "MSSD OBC Focal Desk"),
            (
                "Attend the interview (home visit or phone)",
                "Assess the family's situation",
                2 * DAY,
                "Social worker",
            ),
            ("Wait for the approval", "Approve the grant", DAY, "MSSD Provincial Office head"),
            ("Receive the grant", "Release the cash grant", 2 * DAY, "MSSD Disbursing Officer"),
        ),
        EntryStatus.PUBLISHED,
    ),
    (
        "MSSD",
        "Disaster Risk Reduction and Emergency Assistance Program",
        {
            "title": "Emergency relief for families affected by disaster or conflict",
            "summary": "Food packs, hygiene kits and cash relief for displaced families.",
            "sector": "social",
            "who_may_avail": "Families displaced or affected by floods, fire, landslides or armed conflict.",
            "eligibility_criteria": "Listed in the barangay or municipal disaster report (DAFAC).",
            "classification": Classification.SIMPLE,
        },
        _requirements(
            ("Disaster Assistance Family Access Card (DAFAC)", "Municipal DRRM Office or MSWDO"),
            VALID_ID,
        ),
        _steps(
            (*INTAKE, "MSSD OBC Focal Desk"),
            ("Wait for validation", "Check the family against the disaster report", DAY, "MSSD DRRM Unit"),
            ("Receive the relief", "Release the relief goods or cash", DAY, "MSSD DRRM Unit"),
        ),
        EntryStatus.PUBLISHED,
    ),
    (
        "MOH",
        "Bangsamoro Immunization Program",
        {
            "title": "Immunization outreach in your barangay",
            "summary": "A vaccination team visits the barangay for routine childhood immunization.",
            "sector": "social",
            "who_may_avail": "Barangays with OBC families whose children lack routine vaccines.",
            "eligibility_criteria": "Request made by the Punong Barangay, a barangay health worker or "
            "a community leader, for at least 20 children under five.",
            "classification": Classification.HIGHLY_TECHNICAL,
        },
        _requirements(
            ("List of children under five with their vaccination cards", "Barangay health station"),
            ("Letter of request from the barangay", "Office of the Punong Barangay"),
        ),
        _steps(
            (*INTAKE, "MOH OBC Health Desk"),
            (
                "Coordinate the date with the team",
                "Plan the visit with the rural health unit",
                5 * DAY,
                "MOH EPI Coordinator",
            ),
            ("Gather the children on the day", "Vaccinate and record", DAY, "MOH vaccination team"),
        ),
        EntryStatus.PUBLISHED,
    ),
    (
        "MOH",
        "Barangay Health Workers Program",
        {
            "title": "Training of barangay health workers",
            "summary": "Basic training and a starter kit for community health volunteers.",
            "sector": "social",
            "who_may_avail": "Barangay health workers serving OBC communities.",
            "eligibility_criteria": "Accredited by the municipality as a barangay health worker.",
            "classification": Classification.HIGHLY_TECHNICAL,
        },
        _requirements(("Certificate of accreditation", "Municipal Health Office")),
        _steps(
            (*INTAKE, "MOH OBC Health Desk"),
            (
                "Attend the training",
                "Conduct the five-day training",
                5 * DAY,
                "MOH Health Human Resources Bureau",
            ),
        ),
        EntryStatus.DRAFT,
    ),
    (
        "MAFAR",
        "Basic Integration for Harmonized Intervention",
        {
            "title": "Seeds and farm inputs for farmer associations",
            "summary": "Certified rice and corn seeds, fertiliser and tools for organised farmers.",
            "description": "Under BINHI. Inputs are given to associations, not individuals.",
            "sector": "economic",
            "who_may_avail": "Registered associations of Bangsamoro farmers.",
            "eligibility_criteria": "Association registered with the municipality; members listed in "
            "the Registry System for Basic Sectors in Agriculture (RSBSA).",
            "classification": Classification.HIGHLY_TECHNICAL,
            "slots": 120,
        },
        _requirements(
            ("Certificate of registration of the association", "Municipal Agriculture Office or DOLE/CDA"),
            ("List of members with RSBSA numbers", "Municipal Agriculture Office"),
            ("Farm location sketch", "The association"),
        ),
        _steps(
            (*INTAKE, "MAFAR OBC Desk"),
            (
                "Host the field validation",
                "Validate the farms and members",
                5 * DAY,
                "MAFAR Provincial Office",
            ),
            ("Wait for the approval", "Approve the allocation", 3 * DAY, "MAFAR Regional Director"),
            ("Receive the inputs", "Deliver the inputs", 5 * DAY, "MAFAR Provincial Office"),
        ),
        EntryStatus.PUBLISHED,
    ),
    (
        "MAFAR",
        "Integrated and Sustainable Development for Aquaculture/Capture",
        {
            "title": "Fingerlings and fishing gear for fisherfolk",
            "summary": "Fingerlings, nets and paraw boats for registered fisherfolk.",
            "sector": "economic",
            "who_may_avail": "Registered fisherfolk and their associations.",
            "eligibility_criteria": "Listed in the municipal fisherfolk registry (FishR).",
            "classification": Classification.COMPLEX,
        },
        _requirements(("FishR registration", "Municipal Agriculture Office"), VALID_ID),
        _steps(
            (*INTAKE, "MAFAR OBC Desk"),
            ("Wait for validation", "Validate the registration", 2 * DAY, "MAFAR Fisheries Section"),
            ("Receive the inputs", "Release the fingerlings or gear", 3 * DAY, "MAFAR Fisheries Section"),
        ),
        EntryStatus.PUBLISHED,
    ),
    (
        "MBHTE",
        "Access to Higher and Modern Education (AHME) Scholarship Program",
        {
            "title": "AHME college scholarship",
            "summary": "Tuition and a monthly allowance for Bangsamoro college students.",
            "sector": "social",
            "who_may_avail": "Bangsamoro students entering or in college.",
            "eligibility_criteria": "Bangsamoro by descent; general weighted average of at least 85; "
            "family income within the programme's threshold.",
            "classification": Classification.HIGHLY_TECHNICAL,
            "slots": 300,
        },
        _requirements(
            ("Grades or transcript of records", "Your school's registrar"),
            ("Certificate of Bangsamoro descent", "NCMF, your LGU or your community's elders"),
            ("Income tax return or certificate of indigency of parents", "BIR or MSWDO"),
        ),
        _steps(
            (*INTAKE, "MBHTE Scholarship Office"),
            (
                "Take the qualifying interview",
                "Interview and rank applicants",
                10 * DAY,
                "Scholarship committee",
            ),
            (
                "Sign the scholarship contract",
                "Award the scholarship",
                5 * DAY,
                "MBHTE Higher Education Director",
            ),
        ),
        EntryStatus.PUBLISHED,
    ),
    (
        "MBHTE",
        "TVET Provisions",
        {
            "title": "Free skills training (TVET)",
            "summary": "Short courses with national certification: welding, dressmaking, food "
            "processing and more.",
            "sector": "economic",
            "who_may_avail": "Out-of-school youth and adults aged 18 and over.",
            "eligibility_criteria": "At least 18 years old; not enrolled in another "
            "government-funded TVET course.",
            "classification": Classification.COMPLEX,
        },
        _requirements(("Birth certificate", "PSA"), BARANGAY_CERT),
        _steps(
            (*INTAKE, "MBHTE TVET Office"),
            ("Take the pre-training assessment", "Assess and enrol", 3 * DAY, "Training centre"),
        ),
        EntryStatus.PUBLISHED,
    ),
    (
        "MOLE",
        "Employment Facilitation and Promotion Program",
        {
            "title": "Job matching and special recruitment activity",
            "summary": "Job matching and a recruitment event in your municipality with partner employers.",
            "sector": "economic",
            "who_may_avail": "Jobseekers from OBC communities, and their LGUs for a recruitment event.",
            "eligibility_criteria": "At least 18 years old and looking for work.",
            "classification": Classification.COMPLEX,
        },
        _requirements(("Résumé or bio-data", "You"), VALID_ID),
        _steps(
            (*INTAKE, "MOLE Employment Service"),
            (
                "Meet the employment officer",
                "Match with vacancies",
                2 * DAY,
                "MOLE Public Employment Service",
            ),
            ("Attend the interviews", "Refer to employers", 2 * DAY, "MOLE Public Employment Service"),
        ),
        EntryStatus.PUBLISHED,
    ),
    (
        "MOLE",
        "Workers' Social Protection and Welfare Program",
        {
            "title": "Emergency employment for displaced workers",
            "summary": "Up to 30 days of paid community work for workers who lost their income.",
            "sector": "economic",
            "who_may_avail": "Workers displaced by disaster, conflict or closure.",
            "eligibility_criteria": "",
            "classification": Classification.SIMPLE,
        },
        _requirements(VALID_ID),
        _steps((*INTAKE, "MOLE Workers' Welfare Desk")),
        EntryStatus.DRAFT,
    ),
    (
        "OOBC",
        "Other Bangsamoro Communities Coordination and Collaboration",
        {
            "title": "Referral of a community request to the right ministry",
            "summary": "OOBC takes your community's request to the ministry that can act on it.",
            "sector": "governance",
            "who_may_avail": "Leaders and members of Bangsamoro communities in Regions IX, X, XI and XII.",
            "eligibility_criteria": "The community is outside BARMM; the request is for a public "
            "service or project.",
            "classification": Classification.SIMPLE,
        },
        _requirements(
            ("Letter or resolution of the community (optional)", "Your community or barangay council")
        ),
        _steps(
            (*INTAKE, "OOBC Coordination Division"),
            (
                "Wait for the referral",
                "Refer to the MAO and tell you which one",
                2 * DAY,
                "OOBC Coordination Division",
            ),
        ),
        EntryStatus.PUBLISHED,
    ),
    (
        "OOBC",
        "Other Bangsamoro Communities Mapping and Needs Assessment (OBC MANA)",
        {
            "title": "Community profiling visit (MANA)",
            "summary": "OOBC maps your community and records its needs so ministries can plan for it.",
            "sector": "governance",
            "who_may_avail": "Bangsamoro communities not yet profiled by OOBC.",
            "eligibility_criteria": "The community has at least 20 Bangsamoro households.",
            "classification": Classification.HIGHLY_TECHNICAL,
        },
        _requirements(
            ("Letter of request from the community or barangay", "Your community or barangay council")
        ),
        _steps(
            (*INTAKE, "OOBC Research Division"),
            ("Agree on the visit", "Schedule the field team", 5 * DAY, "OOBC Research Division"),
            ("Take part in the assessment", "Run the assessment", 3 * DAY, "OOBC field team"),
        ),
        EntryStatus.PUBLISHED,
    ),
]

# (status path after submission, days ago submitted)
REQUEST_PLAN = [
    ([], 1),
    ([], 4),
    ([RequestStatus.UNDER_REVIEW], 3),
    ([RequestStatus.UNDER_REVIEW], 9),
    ([RequestStatus.UNDER_REVIEW, RequestStatus.NEEDS_INFO], 6),
    ([RequestStatus.UNDER_REVIEW, RequestStatus.APPROVED], 5),
    ([RequestStatus.UNDER_REVIEW, RequestStatus.APPROVED, RequestStatus.IN_PROGRESS], 12),
    ([RequestStatus.UNDER_REVIEW, RequestStatus.REJECTED], 8),
    (
        [
            RequestStatus.UNDER_REVIEW,
            RequestStatus.APPROVED,
            RequestStatus.IN_PROGRESS,
            RequestStatus.FULFILLED,
        ],
        20,
    ),
    (
        [
            RequestStatus.UNDER_REVIEW,
            RequestStatus.APPROVED,
            RequestStatus.IN_PROGRESS,
            RequestStatus.FULFILLED,
            RequestStatus.CLOSED,
        ],
        30,
    ),
]
NOTES = {
    RequestStatus.UNDER_REVIEW: "Your request is being reviewed.",
    RequestStatus.NEEDS_INFO: "Please send a photo of your barangay certificate of residency.",
    RequestStatus.APPROVED: "Approved. We will tell you the schedule.",
    RequestStatus.IN_PROGRESS: "The team is preparing the delivery.",
    RequestStatus.REJECTED: "Your barangay already received this assistance this year.",
    RequestStatus.FULFILLED: "Delivered. Thank you.",
    RequestStatus.CLOSED: "",
}
FIRST_NAMES = ["Amina", "Bai Sitti", "Datu Ali", "Norhana", "Abdulrahman", "Jamila", "Faisal", "Sittie"]
LAST_NAMES = ["Mangudadatu", "Ampatuan", "Sarip", "Macarambon", "Tanggol", "Usman", "Pendatun", "Alonto"]


# Filipino title and summary of each demo service, and the words people search with in
# each language (English keywords, then Filipino: "bigas" finds the rice seeds).
FILIPINO = {
    "Educational assistance for children of poor Bangsamoro families": (
        "Tulong pang-edukasyon para sa mga anak ng mahihirap na pamilyang Bangsamoro",
        "Isang beses na tulong-pinansiyal para sa pangangailangan sa paaralan ng mga bata at "
        "kabataan ng mahihirap na pamilya.",
        "school, education, students, cash grant",
        "paaralan, eskwela, edukasyon, estudyante, mag-aaral, ayuda, tulong, iskolar",
    ),
    "Emergency relief for families affected by disaster or conflict": (
        "Agarang tulong para sa mga pamilyang nasalanta ng sakuna o kaguluhan",
        "Food pack, hygiene kit at tulong-pinansiyal para sa mga pamilyang lumikas.",
        "relief, food packs, evacuees, disaster, displaced",
        "ayuda, relief, tulong, pagkain, bigas, lumikas, sakuna, bagyo, baha, kaguluhan",
    ),
    "Immunization outreach in your barangay": (
        "Pagbabakuna sa inyong barangay",
        "Bumibisita ang isang pangkat ng bakunador sa barangay para sa karaniwang bakuna ng mga bata.",
        "vaccination, vaccine, health, children",
        "bakuna, pagbabakuna, kalusugan, bata, sanggol",
    ),
    "Training of barangay health workers": (
        "Pagsasanay ng mga barangay health worker",
        "Pangunahing pagsasanay at panimulang kit para sa mga boluntaryong pangkalusugan ng komunidad.",
        "health workers, BHW, training",
        "kalusugan, pagsasanay, boluntaryo, manggagawang pangkalusugan",
    ),
    "Seeds and farm inputs for farmer associations": (
        "Binhi at gamit pansakahan para sa mga samahan ng magsasaka",
        "Sertipikadong binhi ng palay at mais, pataba at kagamitan para sa mga organisadong magsasaka.",
        "rice, corn, seeds, fertilizer, farming, agriculture",
        "bigas, palay, mais, binhi, pataba, abono, magsasaka, sakahan, bukid",
    ),
    "Fingerlings and fishing gear for fisherfolk": (
        "Semilya ng isda at gamit sa pangingisda para sa mga mangingisda",
        "Semilya ng isda, lambat at bangkang paraw para sa mga rehistradong mangingisda.",
        "fish, fishing, fisherfolk, nets, boats",
        "isda, pangingisda, mangingisda, semilya, lambat, bangka, paraw",
    ),
    "AHME college scholarship": (
        "Iskolarsip sa kolehiyo ng AHME",
        "Matrikula at buwanang allowance para sa mga estudyanteng Bangsamoro sa kolehiyo.",
        "scholarship, college, tuition, students",
        "iskolar, iskolarsip, eskolar, kolehiyo, matrikula, estudyante, pag-aaral",
    ),
    "Free skills training (TVET)": (
        "Libreng pagsasanay sa kasanayan (TVET)",
        "Maiikling kurso na may pambansang sertipikasyon: welding, pananahi, pagproseso ng pagkain "
        "at iba pa.",
        "skills, training, TESDA, livelihood, welding",
        "kasanayan, pagsasanay, kabuhayan, pananahi, trabaho",
    ),
    "Job matching and special recruitment activity": (
        "Paghahanap ng trabaho at espesyal na recruitment",
        "Pagtutugma ng trabaho at recruitment sa inyong munisipyo kasama ang mga katuwang na employer.",
        "jobs, employment, recruitment, work",
        "trabaho, hanapbuhay, empleyo, kabuhayan",
    ),
    "Emergency employment for displaced workers": (
        "Pansamantalang trabaho para sa mga manggagawang nawalan ng kabuhayan",
        "Hanggang 30 araw ng may-bayad na gawaing pangkomunidad para sa mga manggagawang nawalan ng kita.",
        "emergency employment, cash for work, livelihood",
        "trabaho, hanapbuhay, kabuhayan, ayuda, sahod",
    ),
    "Referral of a community request to the right ministry": (
        "Pagpapasa ng kahilingan ng komunidad sa tamang ministeryo",
        "Dinadala ng OOBC ang kahilingan ng inyong komunidad sa ministeryong makakakilos dito.",
        "referral, request, ministry, help",
        "kahilingan, tulong, ministeryo, pakiusap",
    ),
    "Community profiling visit (MANA)": (
        "Pagbisita para sa profile ng komunidad (MANA)",
        "Itinatala ng OOBC ang inyong komunidad at ang mga pangangailangan nito para makapagplano "
        "ang mga ministeryo.",
        "profiling, needs assessment, mapping",
        "pangangailangan, komunidad, pagtatala, profile",
    ),
}


def _filipino(title: str) -> dict[str, str]:
    title_fil, summary_fil, keywords, keywords_fil = FILIPINO.get(title, ("", "", "", ""))
    return {
        "title_fil": title_fil,
        "summary_fil": summary_fil,
        "keywords": keywords,
        "keywords_fil": keywords_fil,
    }


def _ppa(mao: Organization, title: str) -> MonitoringEntry | None:
    return MonitoringEntry.objects.ppas().filter(implementing_mao=mao, title__iexact=title).first()


def _seed_entries() -> tuple[int, list[str]]:
    created, missing = 0, []
    maos = {mao.acronym: mao for mao in Organization.objects.maos()}
    for acronym, ppa_title, fields, requirements, steps, status in CATALOG:
        mao = maos.get(acronym)
        if mao is None:
            missing.append(acronym)
            continue
        existing = ServiceCatalogEntry.objects.filter(mao=mao, title=fields["title"]).first()
        if existing is not None:
            # A database seeded before the Filipino fields existed gets them once.
            if not existing.title_fil and fields["title"] in FILIPINO:
                ServiceCatalogEntry.objects.filter(pk=existing.pk).update(**_filipino(fields["title"]))
            continue
        entry = entry_create(
            acting_user=None,
            mao=mao,
            requirements=requirements,
            steps=steps,
            ppa=_ppa(mao, ppa_title),
            complaint_procedure=COMPLAINT.format(office=f"{acronym} OBC focal desk"),
            contact_office=f"{mao.name} ({acronym}), OBC focal desk, Bangsamoro Government Center",
            fees_note="No fees.",
            source=DataSource.SYNTHETIC,
            **fields,
            **_filipino(fields["title"]),
        )
        if status != EntryStatus.DRAFT:
            entry_set_status(entry=entry, acting_user=None, status=status)
        created += 1
    return created, sorted(set(missing))


def _shift(service_request: ServiceRequest, days_ago: int) -> None:
    """Move a fresh demo request back in time, so the charter clock shows real states."""
    delta = timedelta(days=days_ago)
    submitted = timezone.localdate() - delta
    history = list(service_request.history.order_by("created_at", "id"))
    # Spread the steps over the days since submission, oldest first.
    moments = [
        change.created_at - delta + timedelta(days=position * days_ago // (len(history) + 1))
        for position, change in enumerate(history)
    ]
    for change, moment in zip(history, moments, strict=True):
        StatusChange.objects.filter(pk=change.pk).update(created_at=moment)
    last_step_on = timezone.localdate(moments[-1])
    paused_on = last_step_on if service_request.status == RequestStatus.NEEDS_INFO else None
    resolved = last_step_on if service_request.resolved_on else None
    ServiceRequest.objects.filter(pk=service_request.pk).update(
        created_at=service_request.created_at - delta,
        consent_given_at=service_request.consent_given_at - delta,
        status_changed_at=moments[-1],
        sla_due_on=sla.due_on(submitted_on=submitted, working_days=service_request.sla_working_days),
        sla_paused_on=paused_on,
        resolved_on=resolved,
    )


def _seed_requests() -> int:
    if ServiceRequest.objects.filter(source=DataSource.SYNTHETIC).exists():
        return 0
    entries = list(
        ServiceCatalogEntry.objects.filter(
            status=EntryStatus.PUBLISHED, accepting_requests=True, source=DataSource.SYNTHETIC
        )
        .prefetch_related("coverage_regions", "coverage_provinces")
        .order_by("slug")
    )
    staff = (
        User.objects.filter(role__in=[Role.OOBC_STAFF, Role.OOBC_EXECUTIVE], is_active=True)
        .order_by("pk")
        .first()
    )
    barangays = list(Barangay.objects.filter(community__isnull=False).order_by("psgc_code")[:400]) or list(
        Barangay.objects.order_by("psgc_code")[:400]
    )
    if not (entries and barangays):
        return 0
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    count = 0
    for number, (path, days_ago) in enumerate(REQUEST_PLAN * 2, start=1):
        if path and staff is None:
            continue
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        service_request = service_request_submit(
            service=entries[number % len(entries)],
            requester_name=f"{first} {last}",
            requester_email=f"requester{number}@example.org" if number % 3 else "",
            requester_phone="" if number % 3 else f"+63 917 555 {number:04d}",
            barangay=rng.choice(barangays),
            details="Our community would like to avail of this service. (Synthetic demo request.)",
            beneficiaries=rng.randint(1, 80),
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
            channel=rng.choice(RequestChannel.values),
            source=DataSource.SYNTHETIC,
            notify=False,
        )
        for status in path:
            service_request_transition(
                service_request=service_request,
                acting_user=staff,
                to_status=status,
                public_note=NOTES[status],
                internal_note="Demo triage." if status == RequestStatus.UNDER_REVIEW else "",
                notify=False,
            )
        service_request.refresh_from_db()
        _shift(service_request, days_ago)
        count += 1
    return count


def catalog_demo_seed() -> list[str]:
    entries, missing = _seed_entries()
    requests = _seed_requests()
    lines = [f"Service catalog: {entries} illustrative entries, {requests} synthetic requests."]
    if missing:
        lines.append(
            f"Service catalog: no MAO with acronym {', '.join(missing)} yet; their entries were skipped."
        )
    return lines
