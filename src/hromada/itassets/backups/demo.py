"""Demo backups register (seed 002, goal V.I «Налагодження системи резервного копіювання»; seed 004: backups of
staff computers, networks and mail): Mohyliv's platform, accounting database, file server, staff computers,
website and mail — the mail overdue — with restore tests recorded for some; one system of Slobozhanska for
tenant isolation. Idempotent: systems by name, runs by their time; a later run adds last night's backups, so
the demo stays on schedule (but for the mail) whenever it is refreshed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from hromada.core.models import Hromada, User
from hromada.itassets.backups import services
from hromada.itassets.models import BackupRun, BackupTarget

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
GB = 1024**3
MB = 1024**2

Kind, Frequency, Destination = BackupTarget.Kind, BackupTarget.Frequency, BackupTarget.Destination
BACKUP, RESTORE = BackupRun.Kind.BACKUP, BackupRun.Kind.RESTORE_TEST
OK, FAILED = BackupRun.Status.SUCCESS, BackupRun.Status.FAILED

# name, kind, scope, frequency, destination kind, destination, retention days, restore test months, responsible
MOHYLIV_TARGETS = [
    ("Бухгалтерська база фінансового відділу", Kind.DATABASE,
     "База даних програми бухгалтерського обліку фінансового відділу та звітність до казначейства.",
     Frequency.DAILY, Destination.NAS, "NAS у серверній сільської ради, \\\\nas01\\backup\\buh", 30, 3,
     "head@mohyliv.example"),
    ("Файловий сервер сільської ради", Kind.FILES,
     "Спільні папки відділів: документи, скани, шаблони.",
     Frequency.DAILY, Destination.OFFSITE, "Копія на NAS у приміщенні ЦНАП (інша будівля)", 60, 3,
     "programme@mohyliv.example"),
    ("Комп’ютери працівників апарату", Kind.COMPUTERS,
     "Папки «Документи» і «Робочий стіл» комп’ютерів працівників сільської ради.",
     Frequency.WEEKLY, Destination.NAS, "NAS у серверній сільської ради, \\\\nas01\\backup\\pc", 90, 6,
     "programme@mohyliv.example"),
    ("Офіційний вебсайт громади", Kind.WEBSITE,
     "Файли сайту і база даних системи керування вмістом.",
     Frequency.WEEKLY, Destination.CLOUD, "Резервні копії хостинг-провайдера та архів у хмарному сховищі", 90, 6,
     "programme@mohyliv.example"),
    ("Службова пошта в домені gov.ua", Kind.MAIL,
     "Поштові скриньки сільського голови, відділів і ЦНАП.",
     Frequency.WEEKLY, Destination.CLOUD, "Експорт скриньок у хмарне сховище громади", 180, 12,
     "programme@mohyliv.example"),
]


def _night(now: datetime, days_ago: int = 0) -> datetime:
    """02:00 Kyiv time of the latest night whose jobs (which end by 05:00) are over, ``days_ago`` nights earlier."""
    local = timezone.localtime(now).replace(hour=2, minute=0, second=0, microsecond=0)
    if local + timedelta(hours=3) > now:
        local -= timedelta(days=1)
    return local - timedelta(days=days_ago)


def _target(report, hromada, name, kind, scope, frequency, destination_kind, destination, retention, months,
            responsible_login, institution=None) -> BackupTarget:
    responsible = User.objects.filter(email=responsible_login).first() if responsible_login else None
    values = {"kind": kind, "scope": scope, "frequency": frequency, "destination_kind": destination_kind,
              "destination": destination, "retention_days": retention, "restore_test_months": months,
              "responsible": responsible, "institution": institution, "active": True}
    target = BackupTarget.objects.filter(hromada=hromada, name=name, platform=False).first()
    if target is None:
        target = BackupTarget.objects.create(hromada=hromada, name=name, **values)
        report.count("backed-up systems", True)
        return target
    changed = [field for field, value in values.items() if getattr(target, field) != value]
    if changed:
        for field in changed:
            setattr(target, field, values[field])
        target.save(update_fields=changed)
    return target


def _run(report, target: BackupTarget, kind: str, status: str, finished_at: datetime, size: int | None,
         archive: str = "", note: str = "", automatic: bool = False) -> None:
    if BackupRun.objects.filter(target=target, kind=kind, finished_at=finished_at).exists():
        return
    run = BackupRun.objects.create(hromada_id=target.hromada_id, target=target, kind=kind, status=status,
                                   finished_at=finished_at, size_bytes=size, archive=archive, note=note,
                                   automatic=automatic, checksum=_checksum(target, kind, finished_at))
    services._advance(target, run)
    report.count("backup runs", True)


def _checksum(target: BackupTarget, kind: str, finished_at: datetime) -> str:
    import hashlib

    return hashlib.sha256(f"demo:{target.hromada_id}:{target.name}:{kind}:{finished_at.isoformat()}".encode()
                          ).hexdigest()


def seed(report) -> None:
    now = timezone.now()
    mohyliv = Hromada.objects.filter(katottg=MOHYLIV).first()
    if mohyliv is not None:
        _seed_mohyliv(report, mohyliv, now)
        _seed_platform(report, mohyliv, now)
    slobozhanska = Hromada.objects.filter(katottg=SLOBOZHANSKA).first()
    if slobozhanska is not None:
        target = _target(report, slobozhanska, "Сервер електронного документообігу", Kind.SERVER,
                         "Віртуальна машина СЕД з базою даних і вкладеннями.", Frequency.DAILY, Destination.NAS,
                         "NAS відділу ІТ та е-урядування", 14, 3, None)
        for days in (2, 1, 0):
            _run(report, target, BACKUP, OK, _night(now, days), 12 * GB + days * 40 * MB,
                 f"sed-{_night(now, days):%Y%m%d}.vbk")
        _seed_platform(report, slobozhanska, now)


def _seed_mohyliv(report, hromada, now: datetime) -> None:
    targets = {spec[0]: _target(report, hromada, *spec) for spec in MOHYLIV_TARGETS}
    accounting = targets["Бухгалтерська база фінансового відділу"]
    for days in range(6, -1, -1):
        _run(report, accounting, BACKUP, OK, _night(now, days) + timedelta(minutes=20), 2 * GB + days * 3 * MB,
             f"buh-{_night(now, days):%Y%m%d}.zip")
    _run(report, accounting, RESTORE, OK, _night(now, 40) + timedelta(hours=9), 2 * GB,
         f"buh-{_night(now, 40):%Y%m%d}.zip", "Базу відновлено на резервному комп’ютері, звіти сформовано.")

    files = targets["Файловий сервер сільської ради"]
    _run(report, files, BACKUP, FAILED, _night(now, 3) + timedelta(hours=1), None, "",
         "Мережеве сховище в ЦНАП було вимкнене (відключення електроенергії).")
    for days in (2, 1, 0):
        _run(report, files, BACKUP, OK, _night(now, days) + timedelta(hours=1), 180 * GB + days * GB,
             f"files-{_night(now, days):%Y%m%d}")
    _run(report, files, RESTORE, OK, _night(now, 70) + timedelta(hours=10), 170 * GB, "",
         "Вибірково відновлено папку загального відділу.")

    computers = targets["Комп’ютери працівників апарату"]
    _run(report, computers, BACKUP, OK, _night(now, 9), 310 * GB, "pc-weekly")
    _run(report, computers, BACKUP, OK, _night(now, 2), 318 * GB, "pc-weekly")

    website = targets["Офіційний вебсайт громади"]
    _run(report, website, BACKUP, OK, _night(now, 4) + timedelta(hours=1), 850 * MB, "site-weekly.tar.gz")

    mail = targets["Службова пошта в домені gov.ua"]  # the overdue one: the last good export was 12 days ago
    _run(report, mail, BACKUP, OK, _night(now, 12) + timedelta(hours=3), 24 * GB, "mail-export.pst.zip")
    _run(report, mail, BACKUP, FAILED, _night(now, 5) + timedelta(hours=3), None, "",
         "Експорт перервано: закінчилося місце у хмарному сховищі.")



def _seed_platform(report, hromada, now: datetime) -> None:
    """Hromada's own backup: the platform target (one per hromada, as `hromada backup` creates it) with the
    nightly archives of the last days and a restore test — the same archives in every hromada's register."""
    platform = BackupTarget.objects.get(pk=services.platform_targets()[hromada.pk])
    for days in (2, 1, 0):
        _run(report, platform, BACKUP, OK, _night(now, days) + timedelta(minutes=5), 420 * MB + days * MB,
             f"hromada-{_night(now, days):%Y-%m-%d}.tar.gz", automatic=True)
    _run(report, platform, RESTORE, OK, _night(now, 20) + timedelta(minutes=30), 410 * MB,
         f"hromada-{_night(now, 20):%Y-%m-%d}.tar.gz",
         "`hromada restore --verify`: архів перевірено, його можна відновити.", automatic=True)
