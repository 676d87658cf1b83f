"""Writing to the record over HTTP: uploads to ingest, and tokens (admin).

The server never opens a path a request names: documents arrive as multipart
uploads, bounded before they are read (`api.http.gate`) and checked again here
per file; a .docx is refused when it would inflate beyond the limits
(`ingest.readers.check_docx_size`) before it is parsed.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, File, UploadFile
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from api.http.deps import engine
from api.http.security import Principal, require
from api.services.derived import after_ingest
from api.services.ingest_batch import Upload, ingest_files
from ingest.readers import SUFFIXES
from registry import audit
from registry.access import create_token, list_tokens, revoke_token
from registry.core.db import session_scope
from registry.core.errors import LexregError, TooLarge
from registry.core.settings import Settings

router = APIRouter(tags=["records"])


async def read_upload(f: UploadFile, limit: int) -> Upload:
    """One uploaded file, read in bounded chunks; its name without any directory."""
    name = Path(f.filename or "").name
    if not name:
        raise LexregError("an uploaded file needs a file name (.txt, .md or .docx)")
    if Path(name).suffix.lower() not in SUFFIXES:
        raise LexregError(f"{name}: unsupported file type (use .txt, .md or .docx)")
    chunks, size = [], 0
    while chunk := await f.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"{name}: over the {limit // (1024 * 1024)} MB limit")
        chunks.append(chunk)
    return Upload(name, b"".join(chunks))


@router.post("/ingest")
async def post_ingest(files: list[UploadFile] = File(..., description="Documents (.txt, .md, .docx)."),
                      p: Principal = Depends(require("edit")), eng: Engine = Depends(engine)):
    """Ingest uploaded documents (editor): the same report and `name:line: reason` errors as `lexreg ingest`."""
    limit = Settings.from_env().max_upload_bytes
    uploads = [await read_upload(f, limit) for f in files]
    from starlette.concurrency import run_in_threadpool

    def work():
        with audit.acting_as(p.actor):
            return ingest_files(eng, uploads, after_commit=after_ingest)

    report = await run_in_threadpool(work)
    return {"ok": not report.failed, **report.to_json(), "summary": report.summary()}


class TokenRequest(BaseModel):
    name: str
    role: str


@router.post("/tokens")
def post_token(req: TokenRequest, p: Principal = Depends(require("admin")), eng: Engine = Depends(engine)):
    """Create a token (admin); its secret is in this answer only."""
    with audit.acting_as(p.actor), session_scope(eng) as s:
        token, secret = create_token(s, req.name, req.role)
        return {"name": token.name, "role": token.role, "token": secret}


@router.post("/tokens/{name}/revoke")
def post_revoke(name: str, p: Principal = Depends(require("admin")), eng: Engine = Depends(engine)):
    with audit.acting_as(p.actor), session_scope(eng) as s:
        token = revoke_token(s, name)
        return {"name": token.name, "revoked": True}


@router.get("/tokens")
def get_tokens(_p: Principal = Depends(require("admin")), eng: Engine = Depends(engine)):
    with session_scope(eng) as s:
        return [{"name": t.name, "role": t.role, "created_at": t.created_at.isoformat(), "created_by": t.created_by,
                 "revoked": t.revoked_at is not None} for t in list_tokens(s)]
