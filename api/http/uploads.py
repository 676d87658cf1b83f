"""Reading an uploaded file with a size bound: the raw body of a REST upload, or one file field
of a web form (multipart). Refuses more than `limit` bytes with `TooLarge` (413) before reading it all."""

from __future__ import annotations

from fastapi import Request

from registry.core.errors import LexregError, TooLarge


def _check_length(request: Request, limit: int, what: str) -> None:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit + 64 * 1024:
        raise TooLarge(f"{what}超过 {limit // 1024} KB（收到 {int(length) // 1024} KB）")


async def body(request: Request, limit: int, what: str = "上传的文件") -> bytes:
    """The request body (a REST upload: the file's bytes as they are), at most `limit` bytes."""
    _check_length(request, limit, what)
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise TooLarge(f"{what}超过 {limit // 1024} KB")
    if not data:
        raise LexregError(f"{what}为空：请在请求正文中发送文件内容")
    return bytes(data)


async def form_file(request: Request, field: str, limit: int, what: str = "上传的文件") -> tuple[str, bytes, dict[str, str]]:
    """(file name, bytes, the other text fields) of a multipart form with a file in `field`."""
    _check_length(request, limit, what)
    form = await request.form()
    upload = form.get(field)
    if upload is None or isinstance(upload, str) or not upload.filename:
        raise LexregError(f"请选择要上传的{what}")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{what}超过 {limit // 1024} KB")
    if not data:
        raise LexregError(f"{what}“{upload.filename}”为空")
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return upload.filename, data, fields
