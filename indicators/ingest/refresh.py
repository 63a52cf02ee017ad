"""Fetch the latest publisher data from their APIs (httpx): bytes in, never a write.

Fingertips: ``GET {base}/all_data/csv/by_indicator_id`` (the website's CSV export) for every mapped
indicator ID. Explore Education Statistics (v1): ``GET {base}/v1/publications?search=`` to find
each configured publication, ``GET {base}/v1/publications/{id}/data-sets`` for its data sets and
``GET {base}/v1/data-sets/{id}/csv`` for each one. Every request has a time-out and is retried with
exponential backoff on a time-out, a connection error or a 5xx; anything else is a PublisherUnavailable
naming the URL, so the caller can refuse the whole refresh before anything is written.
"""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from typing import Any

import httpx

from indicators.errors import IndicatorError
from indicators.ingest.mapping import MAPPINGS_DIR
from indicators.ingest.reference import Reference

SOURCES = ("ees", "fingertips")


class PublisherUnavailable(IndicatorError):
    """A publisher API could not be read (after retries): nothing was fetched, nothing is written."""


@dataclass(frozen=True)
class Fetched:
    source: str
    name: str  # a file name for messages and the version record ('ees-<data set id>.csv')
    data: bytes


@dataclass(frozen=True)
class Policy:
    timeout: float = 20.0
    attempts: int = 3
    backoff: float = 1.0  # seconds before the 2nd attempt, doubled each time


DEFAULT_POLICY = Policy()


def config() -> dict[str, Any]:
    return tomllib.loads((MAPPINGS_DIR / "refresh.toml").read_text(encoding="utf-8"))


def get(client: httpx.Client, url: str, policy: Policy, params: dict | None = None) -> httpx.Response:
    """GET with retries: a time-out, connection error or 5xx is retried; the last failure is raised."""
    last = ""
    for attempt in range(policy.attempts):
        if attempt:
            time.sleep(policy.backoff * 2 ** (attempt - 1))
        try:
            response = client.get(url, params=params, timeout=policy.timeout)
        except httpx.TimeoutException:
            last = f"no answer within {policy.timeout:g} s"
            continue
        except httpx.TransportError as exc:
            last = f"cannot connect ({exc})"
            continue
        if response.status_code >= 500:
            last = f"HTTP {response.status_code}"
            continue
        if response.status_code >= 400:
            raise PublisherUnavailable(f"{url}: HTTP {response.status_code}; nothing was written")
        return response
    raise PublisherUnavailable(f"{url}: {last} after {policy.attempts} attempt(s); nothing was written")


def fetch(
    source: str | None,
    reference: Reference,
    base_url: str | None = None,
    policy: Policy | None = None,
    client: httpx.Client | None = None,
) -> list[Fetched]:
    """Every file the configured sources offer now (``source`` None: all of them)."""
    settings, policy = config(), policy or DEFAULT_POLICY
    owned = client or httpx.Client(follow_redirects=True, headers={"User-Agent": "youth-safety-indicators"})
    try:
        out: list[Fetched] = []
        for name in SOURCES if source is None else (source,):
            base = (base_url or settings[name]["base_url"]).rstrip("/")
            reader = _fetch_ees if name == "ees" else _fetch_fingertips
            out += reader(owned, base, settings[name], reference, policy)
        return out
    finally:
        if client is None:
            owned.close()


def _fetch_fingertips(
    client: httpx.Client, base: str, cfg: dict, reference: Reference, policy: Policy
) -> list[Fetched]:
    ids = sorted({k for k, v in reference.fingertips_map.items() if v in reference.indicators}, key=int)
    if not ids:
        return []
    params = {
        "indicator_ids": ",".join(ids),
        "child_area_type_id": cfg["child_area_type_id"],
        "parent_area_type_id": cfg["parent_area_type_id"],
    }
    response = get(client, f"{base}/all_data/csv/by_indicator_id", policy, params)
    return [Fetched("fingertips", f"fingertips-{'-'.join(ids)}.csv", response.content)]


def _fetch_ees(client: httpx.Client, base: str, cfg: dict, reference: Reference, policy: Policy) -> list[Fetched]:
    out = []
    for title in cfg["publications"]:
        found = _json(get(client, f"{base}/v1/publications", policy, {"search": title, "pageSize": 20}))
        publication = next((p for p in found.get("results", []) if p.get("title", "").lower() == title.lower()), None)
        if publication is None:
            continue  # not (yet) on the API: the analyst uploads the downloaded file instead
        sets = _json(get(client, f"{base}/v1/publications/{publication['id']}/data-sets", policy))
        for data_set in sets.get("results", []):
            csv = get(client, f"{base}/v1/data-sets/{data_set['id']}/csv", policy)
            out.append(Fetched("ees", f"ees-{data_set['id']}.csv", csv.content))
    return out


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError as exc:
        raise PublisherUnavailable(f"{response.request.url}: the answer is not JSON ({exc})") from exc
    if not isinstance(body, dict):
        raise PublisherUnavailable(f"{response.request.url}: unexpected answer (not a JSON object)")
    return body
