"""Demo data of the community portal (filled in below)."""


def portal_demo_seed() -> list[str]:
    return []
