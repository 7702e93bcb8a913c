"""Integer codes for the categorical columns of the population.

Every categorical attribute is stored as a small integer (int8) so a million people fit in a few
megabytes per column. The enums below give those integers their domain names; parameter tables keyed
by category names (``{low: 0.06, middle: 0.10, high: 0.14}``) are turned into arrays in enum order.
"""

from __future__ import annotations

from enum import IntEnum


class Sex(IntEnum):
    MALE = 0
    FEMALE = 1


class Education(IntEnum):
    """Highest attained level. LOW means no startkwalificatie (basic qualification)."""

    LOW = 0
    MIDDLE = 1
    HIGH = 2


class Region(IntEnum):
    """PBL's regions (A5.8): the periphery is North, East, Zeeland and Limburg."""

    RANDSTAD = 0
    INTERMEDIATE = 1
    PERIPHERY = 2


class Migration(IntEnum):
    NONE = 0
    WESTERN = 1
    NON_WESTERN = 2
    REFUGEE = 3


class Field(IntEnum):
    """Field of study; the first four are BRIDGE's shortage fields (A2.2)."""

    TECHNOLOGY = 0
    CARE = 1
    PORT = 2
    FOOD = 3
    OTHER = 4


class LabourState(IntEnum):
    """Main activity in a month. ABROAD marks reserved rows of people who have not arrived yet."""

    SCHOOL = 0
    EMPLOYED = 1
    UNEMPLOYED = 2
    INACTIVE = 3
    SICK = 4
    DISABLED = 5
    RETIRED = 6
    DEAD = 7
    ABROAD = 8


class Contract(IntEnum):
    """Kind of the current or last job. PBL (A5.2) counts FLEX, SELF_EMPLOYED and PERMANENT
    under 20 hours a week as flexible work; the chain rule applies to FLEX only."""

    NONE = 0
    FLEX = 1  # temporary, agency or on-call contract
    SELF_EMPLOYED = 2  # zzp: self-employed without staff (no WW, no employer)
    PERMANENT = 3


class Benefit(IntEnum):
    """The benefit paid this month (at most one per person)."""

    NONE = 0
    WW = 1
    BIJSTAND = 2
    WAJONG = 3
    WGA = 4
    IVA = 5
    SICKNESS = 6


class Disability(IntEnum):
    """Lasting entitlement from a disability assessment; kept while the person works."""

    NONE = 0
    WAJONG = 1
    WGA = 2
    IVA = 3


class Health(IntEnum):
    HEALTHY = 0
    ILL = 1
    MENTAL = 2


class Event(IntEnum):
    """Life events written to the event history (type, month, person)."""

    BIRTH_OF_CHILD = 0
    LEFT_SCHOOL = 1
    DROPPED_OUT = 2
    JOB_START = 3
    JOB_END = 4
    PERMANENT_CONTRACT = 5
    CHAIN_LIMIT_END = 6
    WW_START = 7
    WW_END = 8
    BIJSTAND_START = 9
    BIJSTAND_END = 10
    ILLNESS = 11
    MENTAL_ILLNESS = 12
    RECOVERY = 13
    SICK_LEAVE = 14
    BACK_TO_WORK = 15
    WGA_START = 16
    IVA_START = 17
    WAJONG_START = 18
    PARTNERING = 19
    SEPARATION = 20
    ARRIVAL = 21
    INBURGERING_DONE = 22
    LEFT_LABOUR_FORCE = 23
    STARTED_JOB_SEARCH = 24
    EARLY_RETIREMENT = 25
    RETIREMENT = 26
    DEATH = 27
    ADOLESCENT_DEPRESSION = 28
    JOB_CHANGE = 29


def names(enum: type[IntEnum]) -> list[str]:
    """Lower-case member names in code order, as used in parameter files and outputs."""
    return [member.name.lower() for member in enum]
