"""The tables the synthetic demo is generated from (monitoring.demo): the planted
overlaps, where OBC communities are likely and who lives there, the words needs and people
are made of. Invented for the demo, except the MAO acronyms and PPA titles, which are real.
"""

import datetime
from dataclasses import dataclass

from common.models import EthnolinguisticGroup, NeedStatus, NeedUrgency, PovertyBand, Sector


@dataclass(frozen=True)
class PlantedOverlapSpec:
    """Two or three PPAs of different MAOs, one sector, made to serve one community."""

    sector: Sector
    ppas: tuple[tuple[str, str], ...]  # (MAO acronym, PPA title as stored) of the demo fiscal year
    story: str


SP = "Special provision: "
S = Sector
# fmt: off
PLANTED_OVERLAPS: tuple[PlantedOverlapSpec, ...] = (
    PlantedOverlapSpec(S.SOCIAL, (
        ("MSSD", SP + "Augmentation of Supplementary Feeding Program"),
        ("MOH", "Nutrition Program"),
        ("MBHTE", SP + "School-Based Feeding Program"),
    ), "three feeding programmes for the same children"),
    PlantedOverlapSpec(S.SOCIAL, (
        ("MOH", "Water and Sanitation Hygiene Program"),
        ("MSSD", SP + "Water Sanitation and Hygiene Intervention"),
    ), "two WASH interventions in one barangay"),
    PlantedOverlapSpec(S.SOCIAL, (
        ("MOH", "Medical Outreach Program / Bangsamoro Health Outreach Program for Everyone"),
        ("MIPA", "Conduct of Medical Outreach Programs"),
        ("OCM", "Ayudang Medikal mula sa Bangsamoro Government (AMBAG)"),
    ), "medical missions from three offices"),
    PlantedOverlapSpec(S.SOCIAL, (
        ("MBHTE", "Access to Higher and Modern Education (AHME) Scholarship Program"),
        ("MOST", "Science Education, Scholarship, and Grants"),
        ("MOH", "Bangsamoro Medical Scholarship Program"),
    ), "scholarships offered to the same students"),
    PlantedOverlapSpec(S.SOCIAL, (
        ("MSSD", "Women's Welfare Program"),
        ("BWC", "Women Economic Participation and Political Empowerment"),
    ), "two programmes for the same women's association"),
    PlantedOverlapSpec(S.SOCIAL, (
        ("MSSD", "Child and Youth Welfare Program"),
        ("BYC", "Youth Responsive Policy and Program Development"),
    ), "youth assistance from two offices"),
    PlantedOverlapSpec(S.ECONOMIC, (
        ("MAFAR", "Agribusiness and Marketing Assistance Program"),
        ("MTIT", "Promotion and Development of Trade and Industry"),
        ("CSEA", "Cooperative Development Program"),
    ), "three enterprise programmes for one farmers' cooperative"),
    PlantedOverlapSpec(S.ECONOMIC, (
        ("MAFAR", "Integrated and Sustainable Development for Aquaculture/Capture"),
        ("MSSD", SP + "Bangsamoro Sagip Kabuhayan"),
    ), "fisheries livelihood and seed capital for the same fisherfolk"),
    PlantedOverlapSpec(S.ECONOMIC, (
        ("MOLE", "Employment Facilitation and Promotion Program"),
        ("MTIT", SP + "Negosyo Centers"),
    ), "job and business assistance to the same households"),
    PlantedOverlapSpec(S.ECONOMIC, (
        ("CSEA", "Social Enterprise Development Program"),
        ("OSC", SP + "Livelihood Support Assistance"),
    ), "two livelihood grants in one community"),
    PlantedOverlapSpec(S.INFRASTRUCTURE, (
        ("MPW", "Water System Development Program"),
        ("MHSD", "Housing and Human Settlement Development Program"),
    ), "a water system built twice: once alone, once with a housing project"),
    PlantedOverlapSpec(S.INFRASTRUCTURE, (
        ("MPW", "Road and Bridge Development Program"),
        ("MOTC", "Bangsamoro Ports Management Authority"),
        ("MBHTE", SP + "School-Building Program"),
    ), "three construction projects on one site"),
    PlantedOverlapSpec(S.ENVIRONMENT, (
        ("MSSD", "Disaster Risk Reduction and Emergency Assistance Program"),
        ("MILG", "Rapid Emergency Action on Disaster Incidence Services"),
        ("MPW", "Natural Disaster Management Program"),
    ), "disaster response from three offices after the same flood"),
    PlantedOverlapSpec(S.ENVIRONMENT, (
        ("MENRE", "Natural Resources Policy Enforcement, Conservation and Development Program"),
        ("MOST", SP + "Early Warning Stations"),
    ), "two environment projects at one watershed"),
    PlantedOverlapSpec(S.PEACE_SECURITY, (
        ("MPOS", "Peace Building Initiatives"),
        ("OCM", "Kapayapaan sa Pamayanan (KAPYANAN)"),
        ("BWC", "Women, Peace and Security"),
    ), "three peace-building activities in one barangay"),
    PlantedOverlapSpec(S.PEACE_SECURITY, (
        ("MPOS", "Alternative Dispute Resolution Program"),
        ("MIPA", "Conflict Management and Legal Mechanism Program"),
    ), "two offices mediating the same rido"),
)
# fmt: on


@dataclass(frozen=True)
class PlaceProfile:
    """A province or independent city, keyed by the first five digits of its PSGC code."""

    bbox: tuple[float, float, float, float]  # south, north, west, east (approximate)
    weight: float  # relative chance that one of its barangays has an OBC community
    share: tuple[float, float] = (0.05, 0.6)  # OBC share of the barangay's population
    groups: dict[str, int] | None = None  # replaces the region's ethnolinguistic weights


G = EthnolinguisticGroup
# fmt: off
REGION_GROUPS: dict[str, dict[str, int]] = {
    "IX": {G.TAUSUG: 30, G.SAMA: 20, G.KOLIBUGAN: 14, G.YAKAN: 8, G.BADJAO: 8, G.MAGUINDANAON: 5,
           G.MERANAW: 5, G.IRANUN: 3, G.JAMA_MAPUN: 2, G.OTHER: 5},
    "X": {G.MERANAW: 60, G.IRANUN: 12, G.MAGUINDANAON: 10, G.TAUSUG: 5, G.KOLIBUGAN: 3, G.OTHER: 10},
    "XI": {G.MAGUINDANAON: 30, G.KAGAN: 30, G.MERANAW: 12, G.SAMA: 10, G.TAUSUG: 10, G.SANGIL: 3, G.OTHER: 5},
    "XII": {G.MAGUINDANAON: 55, G.IRANUN: 15, G.MERANAW: 10, G.SANGIL: 5, G.KAGAN: 5, G.TAUSUG: 5,
            G.OTHER: 5},
}
PLACES: dict[str, PlaceProfile] = {
    # Region IX
    "09066": PlaceProfile((5.45, 6.30, 120.50, 121.50), 6, (0.85, 1.0),  # Sulu
                          {G.TAUSUG: 80, G.SAMA: 10, G.BADJAO: 6, G.JAMA_MAPUN: 2, G.OTHER: 2}),
    "09072": PlaceProfile((7.60, 8.70, 122.10, 123.40), 1.5),  # Zamboanga del Norte
    "09073": PlaceProfile((7.40, 8.20, 122.90, 123.80), 2),  # Zamboanga del Sur
    "09083": PlaceProfile((7.30, 8.00, 122.30, 123.00), 2.5),  # Zamboanga Sibugay
    "09317": PlaceProfile((6.90, 7.30, 121.90, 122.30), 4, (0.1, 0.8)),  # Zamboanga City
    "09901": PlaceProfile((6.60, 6.75, 121.90, 122.10), 3, (0.2, 0.9),  # Isabela City
                          {G.YAKAN: 40, G.TAUSUG: 25, G.SAMA: 25, G.BADJAO: 10}),
    # Region X
    "10013": PlaceProfile((7.40, 8.60, 124.60, 125.50), 1),  # Bukidnon
    "10018": PlaceProfile((9.10, 9.25, 124.65, 124.80), 0.3),  # Camiguin
    "10035": PlaceProfile((7.80, 8.30, 123.60, 124.30), 5, (0.2, 0.9),  # Lanao del Norte
                          {G.MERANAW: 65, G.IRANUN: 20, G.MAGUINDANAON: 10, G.OTHER: 5}),
    "10042": PlaceProfile((8.10, 8.70, 123.40, 123.90), 1),  # Misamis Occidental
    "10043": PlaceProfile((8.40, 9.00, 124.30, 125.30), 1),  # Misamis Oriental
    "10305": PlaceProfile((8.30, 8.50, 124.55, 124.75), 2),  # Cagayan de Oro
    "10309": PlaceProfile((8.10, 8.35, 124.20, 124.45), 3, (0.1, 0.7)),  # Iligan
    # Region XI
    "11023": PlaceProfile((7.20, 7.80, 125.40, 125.90), 1),  # Davao del Norte
    "11024": PlaceProfile((6.60, 7.10, 125.10, 125.50), 1.5),  # Davao del Sur
    "11025": PlaceProfile((6.40, 7.90, 126.00, 126.60), 1.5),  # Davao Oriental
    "11082": PlaceProfile((7.30, 8.00, 125.80, 126.30), 0.7),  # Davao de Oro
    "11086": PlaceProfile((5.60, 6.60, 125.30, 125.80), 2, (0.1, 0.7),  # Davao Occidental
                          {G.SANGIL: 35, G.KAGAN: 30, G.SAMA: 15, G.MAGUINDANAON: 10, G.OTHER: 10}),
    "11307": PlaceProfile((7.00, 7.50, 125.20, 125.65), 2),  # Davao City
    # Region XII
    "12047": PlaceProfile((6.80, 7.60, 124.40, 125.20), 4, (0.1, 0.8)),  # Cotabato
    "12063": PlaceProfile((6.10, 6.60, 124.50, 125.10), 1.5),  # South Cotabato
    "12065": PlaceProfile((6.30, 6.90, 124.00, 124.80), 4, (0.1, 0.8)),  # Sultan Kudarat
    "12080": PlaceProfile((5.60, 6.30, 124.50, 125.50), 3, (0.1, 0.7),  # Sarangani
                          {G.MAGUINDANAON: 35, G.SANGIL: 25, G.KAGAN: 20, G.SAMA: 10, G.OTHER: 10}),
    "12308": PlaceProfile((6.00, 6.25, 125.05, 125.30), 2.5),  # General Santos
}
DEFAULT_PLACE = PlaceProfile((5.5, 9.5, 121.5, 126.5), 1)

NEED_TITLES: dict[str, tuple[str, ...]] = {
    S.SOCIAL: (
        "Barangay health station staffed with a midwife", "Madrasah classrooms and Arabic teachers",
        "Supplementary feeding for malnourished children", "Birth registration for unregistered children",
        "Scholarships for senior high school graduates",
    ),
    S.INFRASTRUCTURE: (
        "Potable water system (Level II)", "Farm-to-market road", "Footbridge over the river",
        "Solar home systems for unenergised households", "Multi-purpose hall for community meetings",
    ),
    S.ECONOMIC: (
        "Livelihood training and starter kits for women", "Post-harvest facility and solar dryer",
        "Fishing boats and gear for fisherfolk", "Seed capital for a halal food enterprise",
        "Cooperative registration and bookkeeping",
    ),
    S.ENVIRONMENT: (
        "Flood control and an early-warning system", "Mangrove rehabilitation", "Evacuation centre",
    ),
    S.GOVERNANCE: (
        "Recognition of the community's traditional leaders", "Civil registration and ID assistance",
        "Community data board for the barangay",
    ),
    S.PEACE_SECURITY: (
        "Settlement of a family feud (rido)", "Peace dialogue between clans",
        "Support for returning former combatants",
    ),
}
NEED_SECTOR_WEIGHTS = {S.SOCIAL: 30, S.INFRASTRUCTURE: 25, S.ECONOMIC: 25, S.ENVIRONMENT: 8, S.GOVERNANCE: 6,
                       S.PEACE_SECURITY: 6}
NEED_URGENCY_WEIGHTS = {NeedUrgency.IMMEDIATE: 15, NeedUrgency.SHORT_TERM: 35, NeedUrgency.MEDIUM_TERM: 30,
                        NeedUrgency.LONG_TERM: 20}
NEED_STATUS_WEIGHTS = {NeedStatus.VALIDATED: 60, NeedStatus.REPORTED: 15, NeedStatus.BEING_ADDRESSED: 15,
                       NeedStatus.MET: 5, NeedStatus.DROPPED: 5}
POVERTY_WEIGHTS = {PovertyBand.LOW: 15, PovertyBand.MODERATE: 35, PovertyBand.HIGH: 35,
                   PovertyBand.VERY_HIGH: 15}
ACCESS_WEIGHTS = (1, 3, 4, 3, 1)  # ratings 1 (none) to 5 (good)

FIRST_NAMES = ("Abdulrahman", "Aida", "Alimuddin", "Amira", "Bashir", "Fahad", "Faisal", "Fatima", "Hamid",
               "Hasmin", "Jalaluddin", "Jamila", "Khadija", "Malik", "Mohammad", "Nasrullah", "Norhaya",
               "Nurhan", "Omar", "Rasul", "Saida", "Salahuddin", "Samira", "Tarhata", "Zainab", "Zulkifli")
LAST_NAMES = ("Abbas", "Abubakar", "Ali", "Amil", "Asali", "Baraguir", "Bato", "Dimalanes", "Hashim",
              "Hassan", "Ismael", "Jamiri", "Kamid", "Macapodi", "Mamalinta", "Manabilang", "Pangandaman",
              "Sabdani", "Sahali", "Sangki", "Taha", "Tahir", "Utto", "Yusoph")
POSITIONS = ("Planning Officer III", "OBC Desk Officer", "Chief, Planning Division",
             "Project Development Officer II")

d = datetime.date
# The quarterly coordination meetings: quarter, date, organizer, minutes approved?
QUARTERLY_MEETINGS = ((1, d(2025, 3, 20), "OCM", True), (2, d(2025, 6, 19), "OOBC", True),
                      (3, d(2025, 9, 18), "OCM", True), (4, d(2025, 12, 11), "OOBC", False))
# Community consultations: date, minutes approved?
CONSULTATION_DAYS = ((d(2025, 5, 14), True), (d(2025, 8, 20), True), (d(2025, 10, 22), False))
# Action items: (meeting quarter, owner MAO, what, due, done?); a text repeated in a later
# quarter is carried over from the earlier item, which was still in progress.
FEEDING = "Submit the list of OBC beneficiaries of the supplementary feeding programme."
MISSIONS = "Share the schedule of medical outreach missions in OBC areas."
WATER = "Report the progress of water systems serving OBC communities."
FISHERIES = "Consolidate the fisheries livelihood beneficiaries by municipality."
ACTION_ITEMS = (
    (1, "MSSD", FEEDING, d(2025, 5, 15), True),
    (1, "MOH", MISSIONS, d(2025, 4, 30), False),
    (1, "MPW", WATER, d(2025, 6, 15), True),
    (2, "MOH", MISSIONS, d(2025, 7, 31), True),
    (2, "MAFAR", FISHERIES, d(2025, 9, 15), False),
    (3, "MAFAR", FISHERIES, d(2025, 11, 15), True),
    (3, "MBHTE", "Validate madrasah enrolment figures with OOBC.", d(2025, 11, 30), True),
    (4, "OOBC", "Circulate the consolidated FY2026 menu of programmes for OBCs.", d(2026, 1, 31), False),
    (4, "OCM", "Review the overlaps between MAOs flagged in the Q4 report.", d(2026, 2, 15), False),
)
PROGRESS_REPORT_DAYS = (d(2025, 4, 15), d(2025, 7, 15), d(2025, 10, 15))
# fmt: on
