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


class Motive(IntEnum):
    """Why an immigrant came (CBS's migration motives); NONE for everyone else."""

    NONE = 0
    WORK = 1
    FAMILY = 2
    STUDY = 3
    ASYLUM = 4
    RETURNING = 5  # a Dutch national coming back


class Field(IntEnum):
    """Field of study; the first four are BRIDGE's shortage fields (A2.2)."""

    TECHNOLOGY = 0
    CARE = 1
    PORT = 2
    FOOD = 3
    OTHER = 4


class LabourState(IntEnum):
    """Main activity in a month. ABROAD marks reserved rows of people who have not arrived yet.
    Children are in SCHOOL from birth until they leave school."""

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
    """Life events written to the event history (type, month, person), each with the phrase
    a life story tells it with (``Event.JOB_CHANGE.phrase``)."""

    phrase: str

    def __new__(cls, code: int, phrase: str) -> Event:
        member = int.__new__(cls, code)
        member._value_ = code
        member.phrase = phrase
        return member

    BIRTH_OF_CHILD = 0, "had a child"
    LEFT_SCHOOL = 1, "left school"
    DROPPED_OUT = 2, "dropped out of school without a diploma"
    JOB_START = 3, "started a job"
    JOB_END = 4, "lost or left a job"
    PERMANENT_CONTRACT = 5, "got a permanent contract"
    CHAIN_LIMIT_END = 6, "was let go at the end of the chain of temporary contracts"
    WW_START = 7, "started receiving unemployment benefit (WW)"
    WW_END = 8, "WW ended"
    BIJSTAND_START = 9, "started receiving social assistance (bijstand)"
    BIJSTAND_END = 10, "left bijstand"
    ILLNESS = 11, "fell ill"
    MENTAL_ILLNESS = 12, "developed mental health problems"
    RECOVERY = 13, "recovered"
    SICK_LEAVE = 14, "went on sick leave"
    BACK_TO_WORK = 15, "went back to work after sick leave"
    WGA_START = 16, "was assessed partly disabled (WGA)"
    IVA_START = 17, "was assessed fully and permanently disabled (IVA)"
    WAJONG_START = 18, "started Wajong (disabled from a young age)"
    PARTNERING = 19, "moved in with a partner"
    SEPARATION = 20, "separated from the partner"
    ARRIVAL = 21, "arrived in the Netherlands as a refugee"
    INBURGERING_DONE = 22, "completed civic integration (inburgering)"
    LEFT_LABOUR_FORCE = 23, "stopped working or looking for work"
    STARTED_JOB_SEARCH = 24, "started looking for work"
    EARLY_RETIREMENT = 25, "retired early"
    RETIREMENT = 26, "reached the state-pension (AOW) age"
    DEATH = 27, "died"
    ADOLESCENT_DEPRESSION = 28, "depression in adolescence"
    JOB_CHANGE = 29, "moved to another employer"
    BORN = 30, "was born"
    IMMIGRATION = 31, "moved to the Netherlands"
    EMIGRATION = 32, "left the Netherlands"
    HOURS_CUT = 33, "lost part of their working hours"
    BIJSTAND_SANCTION = 34, "had bijstand cut for not meeting an obligation"
    WGA_END = 35, "was reassessed as able to earn (WGA ended)"


def names(enum: type[IntEnum]) -> list[str]:
    """Lower-case member names in code order, as used in parameter files and outputs."""
    return [member.name.lower() for member in enum]
