"""The server-side session table behind the sign-in cookie: one-time tickets, expiry, sign-out."""

from __future__ import annotations

from indicators.services import web_sessions as ws

T0 = 1_800_000_000.0


def _cookie(user: str = "ana", now: float = T0) -> str:
    redeemed = ws.redeem(ws.issue_ticket(user, "analyst", now=now), now=now)
    assert redeemed is not None
    return redeemed[0]


def test_a_ticket_gives_one_session_cookie_once() -> None:
    ticket = ws.issue_ticket("ana", "analyst", now=T0)
    redeemed = ws.redeem(ticket, now=T0 + 5)
    assert redeemed is not None and redeemed[1] == 8 * 60 * 60
    assert ws.redeem(ticket, now=T0 + 6) is None  # used once only
    grant = ws.lookup(redeemed[0], now=T0 + 10)
    assert grant is not None and (grant.user, grant.role) == ("ana", "analyst")


def test_a_stale_ticket_gives_nothing() -> None:
    assert ws.redeem(ws.issue_ticket("ana", "analyst", now=T0), now=T0 + 61) is None


def test_the_session_ends_eight_hours_after_sign_in() -> None:
    cookie = _cookie()
    assert ws.lookup(cookie, now=T0 + 8 * 3600 - 1) is not None
    assert ws.lookup(cookie, now=T0 + 8 * 3600 + 1) is None
    assert ws.lookup(cookie, now=T0 + 10) is None  # the expired row is gone, not just hidden


def test_sign_out_kills_every_copy_of_the_cookie_and_no_other() -> None:
    mine, other = _cookie("ana"), _cookie("bob")
    copy = str(mine)
    ws.revoke(mine)
    assert ws.lookup(copy, now=T0 + 1) is None
    assert ws.lookup(other, now=T0 + 1) is not None


def test_a_forged_or_altered_cookie_signs_nobody_in() -> None:
    cookie = _cookie()
    session_id, signature = cookie.split(".")
    assert ws.lookup(f"{session_id}.{'0' * len(signature)}", now=T0 + 1) is None
    assert ws.lookup(session_id, now=T0 + 1) is None
    assert ws.lookup("", now=T0 + 1) is None and ws.lookup(None, now=T0 + 1) is None
    ws.revoke(f"{session_id}.forged")  # a forged sign-out cannot end the real session
    assert ws.lookup(cookie, now=T0 + 1) is not None
