"""Verdicts on the KIEP study's claims, from one rule applied to the change table.

Each claim of the study {cite}`kiep2016` appears once (:data:`CLAIMS`) and gets one verdict:

* ``agrees``: in **every** benchmark set (and, for the gross measures, for both the first-round and the
  all-round variant, since the study's round is not known) the 90% interval of the change excludes zero
  in the claimed direction; a claimed *sharp* change also needs the interval's near end at least
  :data:`SHARP_PP` points from zero; a claimed *flat* path needs every interval within +-:data:`FLAT_PP`;
* ``disagrees``: in every set the interval excludes zero in the other direction (for a flat claim: excludes
  zero at all);
* ``direction_only``: the central estimate has the claimed direction in every set, but some interval
  includes zero (or the claimed sharpness is not borne out);
* ``not_testable``: an explanation the tables cannot identify (firm-level sourcing within an industry), or
  a change whose intervals and central estimates do not settle its direction.

:func:`kiep_verdicts` returns the table, the tally and the sentences from one pass, so they cannot
disagree. The comparison uses the KIEP-comparable **gross** measures (SME direct exports plus SME sales
to large exporters, as shares of gross exports); the study's direct-export claims use the gross direct
share, which the shares are calibrated to.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SHARP_PP = 2.0      # a "sharp" change: the 90% interval's near end at least 2 points from zero
FLAT_PP = 1.0       # "barely changed": every 90% interval within +-1 point
VERDICTS = ("agrees", "direction_only", "disagrees", "not_testable")
SETS = ("central", "bm_all_usable", "bm_first_hand", "bm_kor_mfg_drift")
PERIOD = (2000, 2010)   # the study's "2000s", before Korea's 2011 definition change


@dataclass(frozen=True)
class Claim:
    claim_id: str
    claim: str
    country: str
    indicators: tuple[str, ...]   # the measures tested (all must agree); empty: not testable
    expect: str                   # 'rise', 'fall', 'flat'; '' when not testable
    sharp: bool = False
    untestable_reason: str = ""


_IND = ("sme_indirect_export_share_gross_first", "sme_indirect_export_share_gross_all")
_TOT = ("sme_total_export_share_gross_first", "sme_total_export_share_gross_all")
_WHY = ("the input-output tables give SMEs and large firms in an industry the same suppliers and customers, so "
        "they cannot see large firms shifting their purchases towards or away from SMEs within an industry; "
        "the tables' own part of the change (scenario io_only) is shown in the change table")
CLAIMS: tuple[Claim, ...] = (
    Claim("K1", "Korean SMEs' direct export share fell in the 2000s", "KOR", ("sme_direct_export_share",), "fall"),
    Claim("K2", "Taiwanese SMEs' direct export share fell in the 2000s", "TWN", ("sme_direct_export_share",), "fall"),
    Claim("K3", "Taiwanese SMEs' indirect export share rose sharply", "TWN", _IND, "rise", sharp=True),
    Claim("K4", "Korean SMEs' indirect export share barely changed", "KOR", _IND, "flat"),
    Claim("K5", "Taiwanese SMEs' total (direct plus indirect) export share rose", "TWN", _TOT, "rise"),
    Claim("K6", "Korean SMEs' total (direct plus indirect) export share fell", "KOR", _TOT, "fall"),
    Claim("K7", "Taiwan's growing large firms drew SMEs in as suppliers of export inputs", "TWN", (), "",
          untestable_reason=_WHY),
    Claim("K8", "Korea's vertically integrated large firms did not deepen their links with SMEs", "KOR", (), "",
          untestable_reason=_WHY + "; vertical integration within business groups is invisible in an industry table"),
)


@dataclass(frozen=True)
class Verdicts:
    table: pd.DataFrame          # claim_id, claim, country, indicator, verdict, reason
    tally: dict[str, int]        # verdict -> number of claims
    sentences: list[str]         # one per claim, in order


def _pp(x: float) -> str:
    return f"{100 * x:+.1f}"


def judge(claim: Claim, changes: pd.DataFrame, period=PERIOD) -> tuple[str, str]:
    """(verdict, reason) for one claim by the rule of the module docstring."""
    if not claim.indicators:
        return "not_testable", claim.untestable_reason
    y0, y1 = period
    sel = changes[(changes.country == claim.country) & changes.indicator.isin(claim.indicators)
                  & (changes.from_year == y0) & (changes.to_year == y1) & changes.scenario.isin(SETS)]
    if sel.empty:
        raise KeyError(f"{claim.claim_id}: no change rows for {claim.country} {claim.indicators} {y0}-{y1}")
    lo, hi, val = sel.low.to_numpy(), sel.high.to_numpy(), sel.value.to_numpy()
    detail = "; ".join(f"{r.scenario}{'' if len(claim.indicators) == 1 else ' ' + r.indicator.rsplit('_', 1)[-1]}: "
                       f"{_pp(r.value)} points (90% interval {_pp(r.low)} to {_pp(r.high)})"
                       for r in sel.itertuples())
    where = f"{claim.country} {y0}-{y1}, {len(sel)} benchmark-set/measure combinations: {detail}"
    if claim.expect == "flat":
        if (hi <= FLAT_PP / 100).all() and (lo >= -FLAT_PP / 100).all():
            return "agrees", f"every interval lies within +-{FLAT_PP:g} point ({where})"
        if (lo > 0).all() or (hi < 0).all():
            return "disagrees", f"every interval excludes zero in the same direction ({where})"
        return "not_testable", f"the intervals are too wide to tell whether it changed ({where})"
    s = 1.0 if claim.expect == "rise" else -1.0
    near = lo if s > 0 else -hi
    if (near > 0).all():
        if claim.sharp and not (near >= SHARP_PP / 100).all():
            return "direction_only", (f"the {claim.expect} is clear, but not every interval's near end is "
                                      f"{SHARP_PP:g} points from zero, so nothing supports 'sharply' ({where})")
        return "agrees", f"every interval excludes zero in the claimed direction ({where})"
    far = -hi if s > 0 else lo
    if (far > 0).all():
        return "disagrees", f"every interval excludes zero in the other direction ({where})"
    if (s * val > 0).all():
        return "direction_only", f"the central estimates {claim.expect} but some interval includes zero ({where})"
    return "not_testable", (f"some interval includes zero and the central estimates do not all {claim.expect}: "
                            f"the tables cannot settle the direction ({where})")


PHRASE = {"agrees": "is borne out", "direction_only": "is borne out in direction only",
          "disagrees": "is contradicted", "not_testable": "is neither confirmed nor contradicted: the 90% intervals "
                                                          "of the change include zero"}
PHRASE_EXPLANATION = "cannot be tested with industry-level input-output tables"


def kiep_verdicts(changes: pd.DataFrame, claims=CLAIMS, period=PERIOD) -> Verdicts:
    """The verdict table, the tally and one sentence per claim, from one application of :func:`judge`."""
    rows, sentences = [], []
    for c in claims:
        v, reason = judge(c, changes, period)
        rows.append({"claim_id": c.claim_id, "claim": c.claim, "country": c.country,
                     "indicator": "|".join(c.indicators), "verdict": v, "reason": reason})
        phrase = PHRASE[v] if c.indicators else PHRASE_EXPLANATION
        sentences.append(f"{c.claim_id}: the study's finding \u201c{c.claim}\u201d {phrase}.")
    table = pd.DataFrame(rows, columns=["claim_id", "claim", "country", "indicator", "verdict", "reason"])
    tally = {v: int((table.verdict == v).sum()) for v in VERDICTS}
    return Verdicts(table, tally, sentences)


VERDICT_COLUMNS = ["claim_id", "claim", "indicator", "verdict", "reason"]
