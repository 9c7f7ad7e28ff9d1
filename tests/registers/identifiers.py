"""Valid РНОКПП and УНЗР for a given birth date and sex, computed the way the validators check them."""

from __future__ import annotations

from datetime import date

from hromada.registers import validators


def rnokpp_for(birth: date, sex: str, serial: str = "123") -> str:
    first9 = f"{(birth - date(1899, 12, 31)).days:05d}{serial}{'1' if sex == 'm' else '2'}"
    return first9 + str(validators.rnokpp_check_digit(first9))


def unzr_for(birth: date, serial: str = "0001") -> str:
    digits = birth.strftime("%Y%m%d") + serial
    return f"{digits[:8]}-{digits[8:]}{validators.unzr_check_digit(digits)}"
