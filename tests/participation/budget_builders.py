"""Rows for the budget page and API tests: projects written straight to the table (services are tested in
their own files), and clients on a hromada's host."""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from hromada.participation.models import Category, CostItem, Edition, Project

_numbers = itertools.count(1)


def categories(edition: Edition) -> tuple[Category, Category]:
    small, large = Category.objects.filter(edition=edition).order_by("order")
    return small, large


def project(edition: Edition, category: Category, *, title: str = "", cost: str = "50000", status: str = "admitted",
            number: int | None = None, author=None, **fields) -> Project:
    number = number or (Project.objects.filter(edition=edition).count() + 1)
    row = Project.objects.create(
        hromada=edition.hromada, edition=edition, category=category, number=number,
        title=title or f"Проєкт {number}", summary=f"Короткий опис {number}", description="Опис проєкту.",
        author=author, author_name=author.full_name if author else "Автор Проєкту", cost=Decimal(cost),
        status=status, submitted_at=timezone.now(), **fields)
    CostItem.objects.create(project=row, order=1, name="Лавки", quantity=Decimal(2), unit="шт",
                            amount=Decimal(cost))
    return row


def client(user=None, host: str = "a.localhost") -> Client:
    c = Client(HTTP_HOST=host)
    if user is not None:
        c.force_login(user)
    return c


def page(response) -> str:
    return response.content.decode()
