"""Demo IT service requests (called by itassets.demo after the equipment; idempotent).

Mohyliv: 32 requests of the council's staff over the last six months — printer jams and toner, no internet in a
starosta office, a UPS that beeps and then dies, an accounting program to install, a locked account, a slow
computer, a projector for a session — in every state, with the work and parts the informatization officer (the
demo programme manager) recorded; most closed on time, a few late, two open ones overdue, two new ones nobody
has taken yet (one critical, filed this morning). Slobozhanska: two requests, for tenant isolation.

The requests are made through the services (numbers, due dates from the core calendar, the log, the audit) and
then dated back: received, log entries, resolution and closing move to their moments in the past, the due date
is recounted from the receipt. Only today's requests tell anyone: the history is seeded quietly. Items are found
by category among the equipment demo's; without equipment the requests are simply not about an item.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hromada.core.models import Hromada, User
from hromada.itassets.models import Category, Equipment, RequestWork, ServiceRequest
from hromada.itassets.servicedesk import services

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
OFFICER = "programme@mohyliv.example"
Status = ServiceRequest.Status
K = ServiceRequest.Kind


@dataclass(frozen=True)
class Demo:
    days_ago: int  # received that many days before the seeding day, at `at`
    at: str  # "09:40"
    reporter: str
    kind: str
    priority: str
    subject: str
    description: str
    category: str | None = None  # an item of this category (the n-th: `item_index`)
    item_index: int = 0
    status: str = Status.CLOSED
    hours: float = 3  # from receipt to resolution (or to the last entry of an open request)
    work: tuple[tuple[str, int], ...] = ()
    parts: tuple[tuple[str, str | None], ...] = ()
    resolution: str = ""
    reason: str = ""  # of a cancellation
    waiting: str = ""  # why it waits
    contact: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


C = Category
MOHYLIV_REQUESTS = [
    Demo(178, "09:10", "clerk@mohyliv.example", K.PRINTING, "normal", "Принтер зминає папір",
         "Принтер у загальному відділі зминає кожен третій аркуш, особливо при двосторонньому друці.", C.PRINTER, 0,
         hours=26, work=(("Почищено ролики подачі, перевірено лоток.", 40),),
         resolution="Почищено ролики подачі паперу; друк без зминання.", contact="каб. 104"),
    Demo(171, "11:25", "head@mohyliv.example", K.SOFTWARE, "high", "Не запускається «M.E.Doc» після оновлення",
         "Після оновлення програма видає помилку бази даних, не можемо подати звітність.", C.COMPUTER, 1,
         hours=7, work=(("Відновлено базу з резервної копії, повторно встановлено оновлення.", 95),),
         resolution="Базу відновлено, оновлення встановлено коректно; звіт подано."),
    Demo(165, "08:50", "secretary@mohyliv.example", K.INSTALL, "normal", "Підключити проєктор у сесійній залі",
         "Потрібно підготувати проєктор і ноутбук до сесії ради в четвер.", C.PROJECTOR, 0,
         hours=30, work=(("Підключено проєктор, налаштовано дублювання екрана, перевірено звук.", 60),),
         parts=(("Кабель HDMI 10 м", "640.00"),), resolution="Проєктор підключено, перевірено перед сесією."),
    Demo(158, "14:05", "clerk.land@mohyliv.example", K.ACCESS, "high", "Заблоковано обліковий запис",
         "Тричі неправильно ввела пароль, тепер не можу увійти до комп’ютера.", None,
         hours=1.5, work=(("Розблоковано обліковий запис, змінено тимчасовий пароль.", 15),),
         resolution="Обліковий запис розблоковано; пароль змінено на вході."),
    Demo(150, "10:30", "cnap@mohyliv.example", K.NETWORK, "critical", "У ЦНАП немає інтернету",
         "Не працює жоден реєстр, черга відвідувачів. Роутер блимає червоним.", C.NETWORK, 0,
         hours=3, work=(("Перезавантажено роутер, з’ясовано аварію провайдера, переведено на резервний канал.", 70),),
         resolution="Аварія на лінії провайдера; до її усунення працювали через резервний канал."),
    Demo(143, "09:00", "head.general@mohyliv.example", K.PRINTING, "low", "Замінити картридж у МФП",
         "Друкує блідо, закінчується тонер.", C.PRINTER, 1,
         hours=50, parts=(("Картридж HP 85A (сумісний)", "1 250,00"),), resolution="Картридж замінено."),
    Demo(137, "13:45", "registrar@mohyliv.example", K.HARDWARE, "normal", "Комп’ютер дуже повільно працює",
         "Документи відкриваються по кілька хвилин, вентилятор гуде.", C.COMPUTER, 2,
         hours=52, work=(("Почищено від пилу, замінено термопасту, видалено зайві програми автозапуску.", 80),),
         resolution="Почищено й налаштовано; запуск документів — кілька секунд. Комп’ютер старий, варто планувати "
                    "заміну.", notes=("Комп’ютер придбано понад п’ять років тому.",)),
    Demo(130, "15:20", "clerk@mohyliv.example", K.SOFTWARE, "normal", "Не відкриваються файли .docx від громадян",
         "Пише, що формат не підтримується.", C.COMPUTER, 3, status=Status.CANCELLED,
         hours=2, reason="Дубль заявки: ту саму проблему вже вирішено за попередньою заявкою."),
    Demo(122, "08:30", "hotline@mohyliv.example", K.HARDWARE, "high", "Не працює гарнітура на гарячій лінії",
         "Мене не чують абоненти, мікрофон не працює.", None,
         hours=20, parts=(("Гарнітура USB з мікрофоном", "890.00"),), resolution="Гарнітуру замінено."),
    Demo(115, "10:10", "head.land@mohyliv.example", K.INSTALL, "low", "Встановити QGIS для роботи з кадастром",
         "Потрібна програма для перегляду шарів земельних ділянок.", C.COMPUTER, 4,
         hours=74, work=(("Встановлено QGIS 3.34 LTR, підключено шари публічної кадастрової карти.", 55),),
         resolution="QGIS встановлено й налаштовано."),
    Demo(108, "11:00", "clerk.cnap@mohyliv.example", K.PRINTING, "normal", "Сканер не бачить комп’ютер",
         "Після перестановки меблів сканер не сканує в папку.", C.PRINTER, 2,
         hours=28, work=(("Перепідключено кабель, переналаштовано сканування в мережеву папку.", 30),),
         resolution="Сканування в папку працює."),
    Demo(101, "09:35", "secretary@mohyliv.example", K.NETWORK, "high", "Немає інтернету в старостаті с. Цибульки",
         "Староста повідомила: з ранку немає зв’язку, не можуть видати довідки.", C.NETWORK, 1,
         hours=76, work=(("Виїзд на місце: пошкоджено кабель після негоди, домовлено з провайдером про ремонт.",
                          180),), parts=(("Кабель UTP cat.5e, 30 м, конектори", "520.00"),),
         resolution="Кабель замінено, зв’язок відновлено.", contact="староста с. Цибульки"),
    Demo(94, "14:40", "head@mohyliv.example", K.HARDWARE, "normal", "Пищить ДБЖ у фінансовому відділі",
         "Безперебійник пищить кожні кілька секунд навіть при світлі.", C.POWER, 0,
         hours=98, work=(("Перевірено ДБЖ: акумулятор не тримає заряд.", 25),),
         parts=(("Акумулятор 12 В 9 А·год для ДБЖ", "1 180,00"),), resolution="Замінено акумулятор ДБЖ."),
    Demo(88, "10:00", "clerk@mohyliv.example", K.ACCESS, "normal", "Доступ до спільної папки «Розпорядження»",
         "Нова працівниця відділу не бачить спільну папку.", None,
         hours=5, work=(("Надано права на читання й запис у папці за погодженням начальника.", 10),),
         resolution="Доступ надано."),
    Demo(80, "12:15", "cnap@mohyliv.example", K.SOFTWARE, "critical", "Не працює кваліфікований електронний підпис",
         "Під час накладання КЕП на документи — помилка бібліотеки; черга стоїть.", C.COMPUTER, 5,
         hours=2, work=(("Перевстановлено бібліотеки ІІТ, оновлено сертифікати ЦЗО.", 45),),
         resolution="Підпис працює; бібліотеки оновлено на всіх робочих місцях ЦНАП."),
    Demo(73, "09:20", "registrar@mohyliv.example", K.PRINTING, "normal", "Принтер друкує смуги",
         "На всіх аркушах вертикальна сіра смуга.", C.PRINTER, 3,
         hours=120, work=(("Діагностика: пошкоджено фотобарабан.", 20),),
         parts=(("Фотобарабан (драм-картридж)", "2 350,00"),), resolution="Замінено фотобарабан."),
    Demo(66, "16:10", "head.general@mohyliv.example", K.OTHER, "low", "Перенести робоче місце в кабінет 108",
         "Переїжджаємо в інший кабінет, потрібно перенести комп’ютер і телефон.", C.COMPUTER, 6,
         hours=47, work=(("Перенесено й підключено комп’ютер, перевірено мережу й телефон.", 50),),
         resolution="Робоче місце перенесено."),
    Demo(59, "08:45", "clerk.land@mohyliv.example", K.HARDWARE, "normal", "Не вмикається монітор",
         "Монітор не реагує на кнопку живлення.", C.MONITOR, 0,
         hours=8, resolution="Замінено блок живлення монітора з ЗІП.", parts=(("Адаптер живлення 12 В", None),)),
    Demo(52, "10:50", "secretary@mohyliv.example", K.SOFTWARE, "normal", "Оновити антивірус на ноутбуці",
         "Антивірус пише, що бази застаріли.", C.LAPTOP, 0,
         hours=26, work=(("Оновлено антивірусні бази, налаштовано автоматичне оновлення.", 20),),
         resolution="Бази оновлено, автооновлення увімкнено."),
    Demo(45, "13:30", "head@mohyliv.example", K.INSTALL, "high", "Встановити нову версію програми «Бюджет»",
         "Мінфін випустив оновлення формату, треба до кінця тижня.", C.COMPUTER, 1,
         hours=23, work=(("Встановлено оновлення, перевірено формування звітних форм.", 60),),
         resolution="Програму оновлено на трьох робочих місцях фінансового відділу."),
    Demo(38, "09:05", "hotline@mohyliv.example", K.NETWORK, "normal", "Обривається Wi-Fi у залі засідань",
         "На нарадах ноутбуки постійно втрачають мережу.", C.NETWORK, 2,
         hours=146, work=(("Заміряно сигнал, точку доступу переставлено ближче до зали.", 90),),
         resolution="Точку доступу перенесено; покриття в залі стабільне."),
    Demo(31, "11:40", "clerk.cnap@mohyliv.example", K.ACCESS, "normal", "Не приходить код для входу в Дія.Підпис",
         "Телефон не отримує SMS-код.", None, status=Status.CANCELLED, hours=4,
         reason="Проблема на боці оператора зв’язку; вирішилося без втручання."),
    Demo(24, "10:25", "head.land@mohyliv.example", K.HARDWARE, "normal", "Зламалася клавіатура",
         "Не працюють кілька клавіш.", None, hours=6, parts=(("Клавіатура USB", "420.00"),),
         resolution="Клавіатуру замінено."),
    Demo(17, "15:00", "registrar@mohyliv.example", K.SOFTWARE, "high", "Не відкривається СЕД",
         "Система електронного документообігу показує помилку сертифіката.", C.COMPUTER, 2, hours=30,
         work=(("Оновлено кореневі сертифікати, очищено кеш браузера.", 25),),
         resolution="Сертифікати оновлено; СЕД відкривається."),
    Demo(12, "09:30", "head@mohyliv.example", K.HARDWARE, "normal", "ДБЖ сервера не тримає навантаження",
         "Під час вимкнення світла сервер вимкнувся за хвилину.", C.POWER, 1, status=Status.WAITING, hours=30,
         work=(("Тест ДБЖ: акумуляторна збірка вичерпала ресурс.", 35),),
         waiting="Замовлено акумуляторну збірку, постачання — до двох тижнів."),
    Demo(9, "10:05", "clerk@mohyliv.example", K.PRINTING, "normal", "Не друкує мережевий принтер",
         "З усіх комп’ютерів відділу завдання зависають у черзі.", C.PRINTER, 0, status=Status.IN_PROGRESS,
         hours=20, work=(("Перезапущено службу друку, принтер отримав нову IP-адресу — з’ясовую.", 30),)),
    Demo(2, "14:20", "secretary@mohyliv.example", K.INSTALL, "low", "Встановити програму для відеоконференцій",
         "Для участі в нарадах ОВА потрібна програма.", C.LAPTOP, 0, status=Status.RESOLVED, hours=20,
         work=(("Встановлено, перевірено камеру та мікрофон.", 20),),
         resolution="Програму встановлено; тестовий дзвінок успішний."),
    Demo(5, "11:15", "head.general@mohyliv.example", K.ACCESS, "normal", "Створити обліковий запис новому працівнику",
         "З понеділка виходить новий спеціаліст загального відділу.", None, status=Status.ASSIGNED, hours=1),
    Demo(3, "16:30", "clerk.land@mohyliv.example", K.HARDWARE, "low", "Гучно шумить системний блок",
         "Системний блок гучно шумить, коли довго працює.", C.COMPUTER, 4, status=Status.IN_PROGRESS, hours=18,
         work=(("Огляд: шумить вентилятор блока живлення.", 15),)),
    Demo(2, "09:50", "cnap@mohyliv.example", K.SOFTWARE, "normal", "Повільно працює реєстр у ЦНАП",
         "Сторінки реєстру завантажуються по хвилині.", C.COMPUTER, 5, status=Status.ASSIGNED, hours=1),
    Demo(1, "13:10", "clerk.cnap@mohyliv.example", K.PRINTING, "low", "Закінчується папір для чеків",
         "Термопринтер черги: рулон на завершенні.", C.PRINTER, 4, status=Status.NEW),
    Demo(0, "08:20", "head@mohyliv.example", K.NETWORK, "critical", "Немає доступу до казначейства",
         "Не відкривається «Клієнт казначейства», а сьогодні останній день платежів.", C.COMPUTER, 1,
         status=Status.NEW, contact="тел. 2-14"),
]

SLOBOZHANSKA_REQUESTS = [
    Demo(20, "10:00", "clerk@slobozhanska.example", K.PRINTING, "normal", "Замінити картридж у приймальні",
         "Принтер у приймальні друкує блідо.", None, hours=6,
         parts=(("Картридж Canon 725", "980.00"),), resolution="Картридж замінено."),
    Demo(1, "09:00", "clerk@slobozhanska.example", K.NETWORK, "high", "Повільний інтернет у бібліотеці",
         "Сторінки відкриваються дуже довго.", None, status=Status.NEW),
]


def _moment(today, days_ago: int, at: str) -> datetime:
    hours, minutes = (int(part) for part in at.split(":"))
    day = today - timedelta(days=days_ago)
    while day.weekday() >= 5:  # staff report on working days
        day -= timedelta(days=1)
    return datetime.combine(day, time(hours, minutes), tzinfo=timezone.get_default_timezone())


def _items(hromada) -> dict[str, list[Equipment]]:
    by_category: dict[str, list[Equipment]] = {}
    for item in (Equipment.objects.filter(hromada=hromada).exclude(status=Equipment.Status.WRITTEN_OFF)
                 .order_by("inventory_number")):
        by_category.setdefault(item.category, []).append(item)
    return by_category


def _seed(hromada, officer, specs: list[Demo], report) -> None:
    today = timezone.localdate()
    now = timezone.now()
    done = set(ServiceRequest.objects.filter(hromada=hromada).values_list("subject", flat=True))
    people = {u.email: u for u in User.objects.filter(email__in={s.reporter for s in specs}, is_active=True)}
    items = _items(hromada)
    for spec in sorted(specs, key=lambda s: _moment(today, s.days_ago, s.at)):  # numbers follow the receipt
        reporter = people.get(spec.reporter)
        if spec.subject in done or reporter is None:
            continue
        received = min(_moment(today, spec.days_ago, spec.at), now)
        pool = items.get(spec.category or "", [])
        item = pool[spec.item_index % len(pool)] if pool else None
        historical = spec.days_ago > 0
        with transaction.atomic(), (services.quiet() if historical else nullcontext()):
            request = services.report(hromada, actor=reporter, subject=spec.subject, description=spec.description,
                                      kind=spec.kind, priority=spec.priority, equipment=item, contact=spec.contact,
                                      received_at=received)
            _work(hromada, officer, request, spec)
            _date_back(request, spec, received, now)
        report.count("IT service requests", True)


def _work(hromada, officer, request: ServiceRequest, spec: Demo) -> None:
    if spec.status == Status.NEW:
        return
    act = {"actor": officer, "hromada": hromada}
    if spec.status == Status.CANCELLED:
        services.cancel(request, reason=spec.reason, **act)
        return
    services.assign(request, assignee=officer, **act)
    for note in spec.notes:
        services.add_note(request, text=note, **act)
    for text, minutes in spec.work:
        services.record_work(request, text=text, minutes=minutes, **act)
    for parts, cost in spec.parts:
        services.record_parts(request, parts=parts, cost=cost, **act)
    if spec.status == Status.ASSIGNED:
        return
    if spec.status in (Status.IN_PROGRESS, Status.WAITING) and not spec.work and not spec.parts:
        services.change_status(request, status=Status.IN_PROGRESS, **act)
    if spec.status == Status.WAITING:
        services.change_status(request, status=Status.WAITING, text=spec.waiting, **act)
    if spec.status in (Status.RESOLVED, Status.CLOSED):
        services.resolve(request, resolution=spec.resolution, **act)
    if spec.status == Status.CLOSED:
        services.close(request, **act)


def _date_back(request: ServiceRequest, spec: Demo, received: datetime, now: datetime) -> None:
    """Move the request and its log to their moments: entries spread from the receipt to the resolution (or the
    last entry of an open one); a closed request is closed two days after it was resolved."""
    request.refresh_from_db()
    entries = list(request.log.order_by("pk"))
    end = min(received + timedelta(hours=spec.hours), now)
    closed_at = None
    if request.status == Status.CLOSED:
        closed_at = min(end + timedelta(days=2), now)
        RequestWork.objects.filter(pk=entries.pop().pk).update(created_at=closed_at)
    step = (end - received) / max(len(entries) - 1, 1)
    for n, entry in enumerate(entries):
        RequestWork.objects.filter(pk=entry.pk).update(created_at=received + step * n)
    ServiceRequest.objects.filter(pk=request.pk).update(
        received_at=received, due_date=services.due_date_for(request.hromada, received, request.priority),
        resolved_at=end if request.resolved_at else None, closed_at=closed_at)


def seed(report) -> None:
    mohyliv = Hromada.objects.filter(katottg=MOHYLIV).first()
    officer = User.objects.filter(email=OFFICER, is_active=True).first()
    if mohyliv is not None and officer is not None:
        _seed(mohyliv, officer, MOHYLIV_REQUESTS, report)
    slobozhanska = Hromada.objects.filter(katottg=SLOBOZHANSKA).first()
    admin = User.objects.filter(email="admin@slobozhanska.example", is_active=True).first()
    if slobozhanska is not None and admin is not None:
        _seed(slobozhanska, admin, SLOBOZHANSKA_REQUESTS, report)


