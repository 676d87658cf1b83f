"""FastAPI dependencies shared by every route module."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Optional

from fastapi import Query, Request
from sqlmodel import Session


def session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as s:
        yield s


def engine(request: Request):
    return request.app.state.engine


def day(at: Optional[date] = Query(None, description="Point in time (YYYY-MM-DD); default today.")) -> date:
    return at or date.today()
