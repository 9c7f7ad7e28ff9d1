"""`python bench/acts_only.py`: only the registry-of-acts benchmarks, on a fresh database with the demo.

For a second database in one sitting: HROMADA_DATABASE_URL=postgres://… python bench/acts_only.py
(`make bench` runs these after all the others)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import setup_test_environment
from run import DATA_DIR, report  # sets up Django on a throwaway data directory


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    settings.DEMO_PASSWORD = "bench-password"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"Registry of acts benchmarks on {connection.vendor} (data in {DATA_DIR})")
    from acts import bench_acts

    bench_acts(report)


if __name__ == "__main__":
    main()
