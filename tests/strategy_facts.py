"""Facts read by hand from the strategy document (../shared/strategy), for tests to check against.

Kept apart from data/build_actions.py on purpose: a test must not take its expected values from the
code under test.
"""

# Actions per strand in the strategy's action plan (section 8), 57 in all.
STRAND_COUNTS = {
    "prevention": 6,
    "identification": 4,
    "engagement": 8,
    "diversion": 8,
    "support": 10,
    "protection": 7,
    "disruption": 8,
    "enforcement_prosecution": 6,
}
