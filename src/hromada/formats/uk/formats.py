"""Only what differs from Django's own uk formats: «6 липня 2026 р.», no leading zero (ДСТУ 4163, the style of acts).

Everything else (input formats, SHORT_DATE_FORMAT «06.07.2026» for compact columns) stays Django's.
"""

DATE_FORMAT = "j E Y р."
DATETIME_FORMAT = "j E Y р., H:i"
