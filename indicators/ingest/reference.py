"""What an upload is checked against: the catalogue and the known areas, passed in (no globals)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from indicators.areas import load_areas
from indicators.catalogue import Catalogue, Indicator, load_catalogue
from indicators.ingest.mapping import fingertips_ids


@dataclass(frozen=True)
class Reference:
    """The catalogue and the area list (GSS code -> name) an upload is validated against.

    >>> Reference(catalogue, {"E09000019": "Islington"})  # doctest: +SKIP
    """

    catalogue: Catalogue
    areas: Mapping[str, str]
    fingertips_ids: Mapping[str, str] = field(default_factory=lambda: dict(fingertips_ids()))

    @classmethod
    def default(cls) -> Reference:
        """The product's own catalogue (indicators/catalogue.toml) and area list (data/reference)."""
        return cls(load_catalogue(), {a.code: a.name for a in load_areas()})

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.catalogue.indicators}

    @cached_property
    def fingertips_map(self) -> dict[str, str]:
        """Fingertips Indicator ID (as text) -> our id: mappings/fingertips.toml, overridden by the catalogue."""
        table = {str(k): v for k, v in self.fingertips_ids.items()}
        table.update({str(i.fingertips_id): i.id for i in self.catalogue.indicators if i.fingertips_id})
        return table
