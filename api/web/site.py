"""The web site: every page router and the static files, as one router the app includes."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.staticfiles import StaticFiles

from api.web import (
    account_pages,
    citation_pages,
    cleanup_pages,
    compare_pages,
    evaluation_pages,
    handbook_pages,
    legality_pages,
    pages,
    review_pages,
    search_page,
)

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=str(Path(__file__).resolve().parent / "static")), name="static")
for _pages in (pages, search_page, compare_pages, citation_pages, review_pages, evaluation_pages, legality_pages,
               handbook_pages, cleanup_pages, account_pages):
    router.include_router(_pages.router)
