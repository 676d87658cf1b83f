"""/docs (Swagger UI) and /redoc served with no CDN: their assets come from the
`fastapi-offline` package (it ships swagger-ui-bundle.js, swagger-ui.css and
redoc.standalone.js), mounted at /docs-static, so the API reference works on a
machine without internet access. `install(app)` adds the routes; the app is made
with docs_url=None and redoc_url=None so FastAPI's CDN pages are not registered.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-static"
_IMAGES_FROM_HERE = '<meta http-equiv="Content-Security-Policy" content="img-src \'self\' data: blob:">'


def assets_dir() -> str:
    return str(files("fastapi_offline") / "static")


def install(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=assets_dir()), name="docs-static")
    title = f"{app.title} · 接口文档"

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=title,
                                   swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS}/favicon.png",
                                   oauth2_redirect_url="/docs/oauth2-redirect")

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(openapi_url=app.openapi_url or "/openapi.json", title=title,
                              redoc_js_url=f"{ASSETS}/redoc.standalone.js",
                              redoc_favicon_url=f"{ASSETS}/favicon.png", with_google_fonts=False)
        # ReDoc's bundle draws its "powered by" logo from its CDN: images only from this server
        html = bytes(page.body).decode("utf-8").replace("<head>", "<head>\n" + _IMAGES_FROM_HERE, 1)
        return HTMLResponse(html)
