"""The council the dashboard is about (``home_area``) and the comparators that follow from it.

Any English upper-tier local authority can be the home area: its region, its Inner/Outer London
group where it has one, England and its 10 statistical neighbours (DfE / NFER, May 2025) are its
comparators. Islington's Youth Safety Strategy (the 57 actions, the strategy's own figures) is the
Islington configuration: it is loaded only when the home area is Islington or ``strategy =
"islington"`` is set; any other council starts with an empty action plan and direction-only targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from indicators.areas import ENGLAND, INNER_LONDON, ISLINGTON, LONDON, load_areas, neighbours_of
from indicators.errors import IndicatorError
from indicators.settings import get_settings

OUTER_LONDON = "E13000002"
# DfE's Inner London (the "London (Inner)" group of data-sources/dfe_lait/sn_may_2025.xlsx, column GOReg);
# every other London borough is in Outer London.
INNER_LONDON_BOROUGHS = frozenset(
    {
        "E09000001",
        "E09000007",
        "E09000012",
        "E09000013",
        "E09000014",
        "E09000019",
        "E09000020",
        "E09000022",
        "E09000023",
        "E09000025",
        "E09000028",
        "E09000030",
        "E09000032",
        "E09000033",
    }
)
STRATEGIES = ("islington", "none")
STRATEGY_LAUNCH = date(2020, 11, 1)  # Islington's Youth Safety Strategy 2020-2025 was launched in November 2020


class UnknownHomeArea(IndicatorError):
    pass


@dataclass(frozen=True)
class HomeArea:
    code: str
    name: str
    region_code: str
    region_name: str
    sub_region_code: str  # Inner/Outer London, "" outside London
    sub_region_name: str
    neighbours: tuple[str, ...]
    strategy: str  # "islington" or "none"

    @property
    def in_london(self) -> bool:
        return self.region_code == LONDON

    @property
    def has_strategy(self) -> bool:
        return self.strategy == "islington"

    def comparator_codes(self) -> list[str]:
        """Region, Inner/Outer London where it applies, England: nearest first."""
        return [c for c in (self.region_code, self.sub_region_code, ENGLAND) if c]

    @property
    def launch_date(self) -> date | None:
        """The strategy's launch, marked on trend charts: only for the council whose strategy it is."""
        return STRATEGY_LAUNCH if self.has_strategy else None

    @property
    def product_title(self) -> str:
        return f"{self.name} Youth Safety Indicators"

    @property
    def strategy_title(self) -> str:
        """The strategy the indicators serve: Islington's by name, else the council's own indicators."""
        return (
            "Islington Youth Safety Strategy 2020-2025" if self.has_strategy else f"{self.name} youth safety indicators"
        )

    def localise(self, text: str) -> str:
        """Catalogue text written for Islington, about this council instead (source names are left alone)."""
        return text if self.code == ISLINGTON else text.replace("Islington", self.name)


def strategy_for(code: str, configured: str | None) -> str:
    """The configured strategy, or Islington's when the home area is Islington."""
    if configured:
        if configured not in STRATEGIES:
            raise UnknownHomeArea(f"config.toml, strategy: {configured!r} is not one of {', '.join(STRATEGIES)}")
        return configured
    return "islington" if code == ISLINGTON else "none"


def home_area(code: str, strategy: str | None = None) -> HomeArea:
    """The home area from its GSS code; a clear error for anything but an English upper-tier LA."""
    areas = {a.code: a for a in load_areas()}
    area = areas.get(code)
    if area is None or area.area_type != "local_authority":
        raise UnknownHomeArea(
            f"config.toml, home_area (or YSD_HOME_AREA): {code!r} is not an English upper-tier local authority's "
            "GSS code (see data/reference/areas.csv)"
        )
    sub = ""
    if area.region_code == LONDON:
        sub = INNER_LONDON if code in INNER_LONDON_BOROUGHS else OUTER_LONDON
    region = areas.get(area.region_code)
    return HomeArea(
        code=code,
        name=area.name,
        region_code=area.region_code,
        region_name=region.name if region else "",
        sub_region_code=sub,
        sub_region_name=areas[sub].name if sub in areas else "",
        neighbours=tuple(neighbours_of(code)),
        strategy=strategy_for(code, strategy),
    )


def current_home() -> HomeArea:
    """The configured home area (config.toml / YSD_HOME_AREA, YSD_STRATEGY)."""
    settings = get_settings()
    return home_area(settings.home_area, settings.strategy)
