"""Classifiers that turn simulated monthly sequences into the articles' typologies.

Career paths (PBL, A5.3): a person's 60 months after starting work or leaving WW fall into
(1) flexible work alternating with unemployment, (2) almost always working, mostly flexible,
(3) almost always working, mostly permanent. The rule used here:

- "almost always working" means working in at least ``almost_always`` of the months (default
  0.8, 48 of 60: PBL's sequence clusters put few non-working months in paths 2 and 3);
- among those, "mostly permanent" means a permanent contract of 20+ hours a week (A5.2) in at
  least ``mostly_permanent`` of the months worked (default half); otherwise the path is 2;
- everyone else is path 1.

Family life courses (Muller, A3.4-A3.6): the yearly family status from 18 to 45 is one of
no partner and no child, partner without child, partner with child, single parent. The types are
assigned by a sequence rule in the spirit of the article's clusters:

- **single parent** if the person spends at least ``single_parent_years`` years as a single parent
  and at least as many as with a partner and child(ren) (sequence clustering groups people by
  their dominant state: a mother who separates late stays in the standard cluster);
- **partner with child** (the standard trajectory, early or late) if the person ever lives with a
  partner and child(ren);
- **partner, no child** if the person lives with a partner for at least ``partner_years`` years
  and never has a child;
- **no partner, no child** otherwise.
"""

from __future__ import annotations

import numpy as np

from simulation.codes import Contract, LabourState, Sex

PATH_NAMES = (
    "path_1_flexible_with_unemployment",
    "path_2_mostly_flexible",
    "path_3_mostly_permanent",
)
#: PBL's secure work (A5.2): a permanent contract of at least this many hours a week
PERMANENT_MIN_HOURS = 20
FAMILY_TYPES = ("partner_with_child", "single_parent", "partner_no_child", "no_partner_no_child")
NO_PARTNER_NO_CHILD, PARTNER_NO_CHILD, PARTNER_WITH_CHILD, SINGLE_PARENT = 0, 1, 2, 3


def career_paths(
    labour_state: np.ndarray,
    contract: np.ndarray,
    hours: np.ndarray,
    almost_always: float = 0.8,
    mostly_permanent: float = 0.5,
) -> np.ndarray:
    """Path 1, 2 or 3 per person from persons x months arrays of state, contract and hours;
    ``mostly_permanent``: the share of the months worked with secure work that makes path 3."""
    working = (labour_state == LabourState.EMPLOYED) | (labour_state == LabourState.SICK)
    secure = working & (contract == Contract.PERMANENT) & (hours >= PERMANENT_MIN_HOURS)
    months = labour_state.shape[1]
    worked = working.sum(axis=1)
    permanent = secure.sum(axis=1) >= mostly_permanent * np.maximum(worked, 1)
    path = np.where(permanent, 3, 2)
    return np.where(worked >= almost_always * months, path, 1).astype(np.int8)


def family_status(partnered: np.ndarray, has_child: np.ndarray, sex: np.ndarray) -> np.ndarray:
    """Yearly status from persons x years booleans; a child counts for single fathers only if
    they live with it, which the model does not follow: single fathers count as childless."""
    single_parent = ~partnered & has_child & (sex[:, None] == Sex.FEMALE)
    return np.select(
        [partnered & has_child, partnered, single_parent],
        [PARTNER_WITH_CHILD, PARTNER_NO_CHILD, SINGLE_PARENT],
        NO_PARTNER_NO_CHILD,
    ).astype(np.int8)


def family_types(
    status: np.ndarray, single_parent_years: int = 3, partner_years: int = 5, dominant: bool = True
) -> np.ndarray:
    """Muller's type (index into FAMILY_TYPES) per person from persons x years statuses;
    ``dominant=False`` drops the rule that a single parent has at least as many years as a
    single parent as with a partner and child (for the sensitivity of the rule)."""
    single_years = (status == SINGLE_PARENT).sum(axis=1)
    couple_years = (status == PARTNER_WITH_CHILD).sum(axis=1)
    single_parent = (single_years >= single_parent_years) & (
        (single_years >= couple_years) | (not dominant)
    )
    with_child = couple_years > 0
    childless_couple = (status == PARTNER_NO_CHILD).sum(axis=1) >= partner_years
    return np.select(
        [single_parent, with_child, childless_couple & ~with_child], [1, 0, 2], 3
    ).astype(np.int8)
