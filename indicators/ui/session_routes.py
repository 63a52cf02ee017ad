"""The two plain HTTP routes that set and clear the sign-in cookie (Streamlit's websocket cannot).

`serve` adds them to Streamlit's own Starlette app. /session/start redeems a one-time ticket that the
sign-in page issued and sets the signed, HttpOnly, SameSite=Strict cookie; /session/end clears it
(the session row was already deleted by the sign-out, so the cookie is dead either way).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from indicators.services import web_sessions

START = "/session/start"
END = "/session/end"


def _next_path(request: Request, fallback: str) -> str:
    """Only a path on this site (no open redirect to another host)."""
    wanted = request.query_params.get("next", "")
    ok = wanted.startswith("/") and not wanted.startswith("//") and "\\" not in wanted
    return wanted if ok else fallback


def _start(request: Request) -> Response:
    redeemed = web_sessions.redeem(request.query_params.get("ticket", ""))
    if redeemed is None:
        return RedirectResponse("/sign-in", status_code=303)
    value, max_age = redeemed
    response = RedirectResponse(_next_path(request, "/sign-in"), status_code=303)
    response.set_cookie(
        web_sessions.COOKIE,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def _end(request: Request) -> Response:
    web_sessions.revoke(request.cookies.get(web_sessions.COOKIE))
    response = RedirectResponse(_next_path(request, "/sign-in"), status_code=303)
    response.delete_cookie(web_sessions.COOKIE, path="/", httponly=True, samesite="strict")
    return response


def routes() -> list[Route]:
    return [Route(START, _start, methods=["GET"]), Route(END, _end, methods=["GET"])]
