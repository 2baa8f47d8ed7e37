"""The five kinds of report, as plain data: the migration that installs the templates and
the services that check parameters read the same table."""

ALL_FORMATS = ["pdf", "xlsx", "docx"]

KIND_DEFINITIONS: dict[str, dict] = {
    "mao_quarterly": {
        "name": "MAO quarterly accomplishment report",
        "description": (
            "One MAO's PPAs of a fiscal year and quarter: budgets allocated and utilised, physical "
            "progress, indicators and targets, on-track status. Without a MAO: every MAO's PPAs."
        ),
        "parameters": ["fiscal_year", "quarter", "mao"],
        "required_parameters": ["fiscal_year"],
        "open_to_mao_focal": True,
    },
    "ocm_brief": {
        "name": "OCM oversight brief",
        "description": (
            "The OCM dashboard of a fiscal year (from its latest snapshot) or quarter: headline "
            "figures, MAO and sector tables, top gaps, the overlap queue and what changed."
        ),
        "parameters": ["fiscal_year", "quarter"],
        "required_parameters": ["fiscal_year"],
        "open_to_mao_focal": False,
    },
    "meeting_pack": {
        "name": "Quarterly coordination meeting pack",
        "description": (
            "The quarter's coordination meetings: agenda, the participating MAOs' pre-meeting "
            "reports, and the action items carried over with their status."
        ),
        "parameters": ["fiscal_year", "quarter"],
        "required_parameters": ["fiscal_year", "quarter"],
        "open_to_mao_focal": False,
    },
    "charter_performance": {
        "name": "Citizen's Charter and service performance",
        "description": (
            "Per MAO, the Citizen's Charter of its services (RA 11032) and per service the requests "
            "received, answered within and beyond the charter time, and the median working days."
        ),
        "parameters": ["fiscal_year", "quarter", "mao"],
        "required_parameters": ["fiscal_year", "mao"],
        "open_to_mao_focal": True,
    },
    "community_profile": {
        "name": "Community profile",
        "description": (
            "One OBC community: location and population, validated needs, the PPAs serving it "
            "and the requests it filed."
        ),
        "parameters": ["fiscal_year", "community"],
        "required_parameters": ["community"],
        "open_to_mao_focal": True,
    },
}
