"""GVC measures: national VA content of exports (hand-worked), WIOD 2013 participation and destinations."""
import numpy as np
import pandas as pd
import pytest

from smegvc.engine.gvc import (china_share_electronics, electronics_destinations, foreign_va_sources, participation,
                        va_content_by_exporter)
from smegvc.engine.synthetic import worked_example


def test_va_content_by_exporter_worked_example():
    """vc'L = (0.5, 0.6)[[6/5, 4/15], [2/5, 6/5]] = (0.84, 64/75); mc'L = (0.16, 11/75).
    A exports 40: DVA 33.6, import content 6.4 (VS 0.16); B exports 20: DVA 1280/75, imports 220/75.
    National: DVA 152/3, VS (6.4 + 2.9333)/60 = 28/180."""
    d = va_content_by_exporter(worked_example()).set_index("industry")
    assert d.loc["A", "dva"] == pytest.approx(33.6)
    assert d.loc["A", "hummels_vs"] == pytest.approx(0.16)
    assert d.loc["B", "dva"] == pytest.approx(1280 / 75)
    assert d.loc["B", "import_content"] == pytest.approx(220 / 75)
    assert d.loc["", "dva"] == pytest.approx(152 / 3)
    assert d.loc["", "hummels_vs"] == pytest.approx(28 / 180)
    np.testing.assert_allclose(d.dva_share + d.hummels_vs, 1.0)  # no other input rows in the example


def _va_frame():
    """Toy extract, one year: KOR exports 100 with 70 own VA, 20 from CHN, 10 from OTH; KOR VA of 15 sits in
    CHN's exports and 5 in JPN's (forward 20/100). TWN exports 50 (40 own, 10 KOR), its VA in others' exports 10.
    Backward: KOR 0.3, TWN 0.2; forward: KOR 0.2, TWN 0.2."""
    rows = [
        (2000, "KOR", "c14", "gross_exports", "WLD", 100.0),
        (2000, "KOR", "c14", "va_in_exports", "KOR", 70.0),
        (2000, "KOR", "c14", "va_in_exports", "CHN", 20.0),
        (2000, "KOR", "c14", "va_in_exports", "OTH", 10.0),
        (2000, "KOR", "c14", "va_in_partner_exports", "KOR", 70.0),
        (2000, "KOR", "c14", "va_in_partner_exports", "CHN", 15.0),
        (2000, "KOR", "c14", "va_in_partner_exports", "JPN", 5.0),
        (2000, "TWN", "c14", "gross_exports", "WLD", 50.0),
        (2000, "TWN", "c14", "va_in_exports", "TWN", 40.0),
        (2000, "TWN", "c14", "va_in_exports", "KOR", 10.0),
        (2000, "TWN", "c14", "va_in_partner_exports", "OTH", 10.0),
    ]
    return pd.DataFrame(rows, columns=["year", "country", "industry", "measure", "partner", "value"])


def test_participation_hand_worked():
    p = participation(_va_frame()).set_index("country")
    assert p.loc["KOR", "backward"] == pytest.approx(0.3)
    assert p.loc["KOR", "forward"] == pytest.approx(0.2)
    assert p.loc["TWN", "backward"] == pytest.approx(0.2)
    assert p.loc["TWN", "participation"] == pytest.approx(0.4)
    src = foreign_va_sources(_va_frame()).set_index(["country", "source"]).share
    assert src[("KOR", "CHN")] == pytest.approx(2 / 3)


def test_participation_checks_identity():
    bad = _va_frame()
    bad.loc[1, "value"] = 60.0
    with pytest.raises(ArithmeticError, match="KOR"):
        participation(bad)


def test_electronics_destinations_hand_worked():
    el = pd.DataFrame([(2000, "KOR", "CHN", "electronics", 30), (2000, "KOR", "CHN", "services", 10),
                       (2000, "KOR", "JPN", "electronics", 60), (2000, "TWN", "USA", "electronics", 5)],
                      columns=["year", "origin", "destination", "destination_group", "value"])
    c = china_share_electronics(el).set_index("origin")
    assert c.loc["KOR", "share"] == pytest.approx(0.4)
    assert c.loc["TWN", "share"] == 0.0
    d = electronics_destinations(el, by_group=True)
    assert d.groupby(["year", "origin"]).share.sum().tolist() == pytest.approx([1.0, 1.0])


def test_committed_wiod2013_extract():
    """On the committed extract: shares in range, domestic + foreign = gross exports (checked inside), China's
    share of KOR and TWN electronics intermediate exports between 0 and 1 and destination shares summing to 1."""
    from smegvc.io.wiod2013.load import load_wiod2013

    p = participation(load_wiod2013("va"))
    assert p.year.min() == 1995 and p.year.max() == 2011
    assert ((p.backward > 0) & (p.backward < 1)).all()
    assert ((p.forward > 0) & (p.forward < 1)).all()
    el = load_wiod2013("electronics")
    c = china_share_electronics(el)
    assert set(c.origin) == {"KOR", "TWN"}
    assert ((c.share >= 0) & (c.share <= 1)).all()
    d = electronics_destinations(el)
    np.testing.assert_allclose(d.groupby(["year", "origin"]).share.sum(), 1.0)
