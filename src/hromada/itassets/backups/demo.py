"""Demo data of this concern (called by itassets.demo, equipment first)."""


def seed(report) -> None:
    pass
