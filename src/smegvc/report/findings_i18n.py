"""Korean and Traditional Chinese text of the findings and recommendations (issue 13).

Each entry of :data:`TEXT` translates the English template of the same id in
:mod:`smegvc.report.findings` and uses exactly the same ``{key:fmt}`` placeholders, so the numbers are the
registry's, never typed here (tests/test_summaries.py checks both). :data:`TITLES` translates the finding
titles, :data:`LABELS` the words the renderers add (evidence strength, "rests on").

Terms: 중소기업 / 中小企業 (SME), 직접수출 / 直接出口 (direct exports), 간접수출 / 間接出口 (indirect
exports), 글로벌 가치사슬 / 全球價值鏈 (global value chain), 중견기업 / 中堅企業 (Korea's mid-sized firms).
"""
from __future__ import annotations

LANGUAGES = ("en", "ko", "zh-Hant")

TITLES = {
    "F1": {"ko": "공식 통계의 직접수출", "zh-Hant": "官方統計中的直接出口"},
    "F2": {"ko": "수출 부가가치 중 중소기업 비중", "zh-Hant": "中小企業占出口附加價值的比重"},
    "F3": {"ko": "산업연관표가 보여 주는 것과 가정이 더하는 것, 2000-2010년", "zh-Hant": "產業關聯表顯示的與假設增加的，2000-2010年"},
    "F4": {"ko": "KIEP 연구의 결론", "zh-Hant": "KIEP研究的結論"},
    "F5": {"ko": "전자산업: 해외 부가가치와 중국", "zh-Hant": "電子業：國外附加價值與中國"},
    "F6": {"ko": "2014년 이후의 전자산업 (OECD TiVA)", "zh-Hant": "2014年以後的電子業（OECD TiVA）"},
    "F7": {"ko": "기업 사례", "zh-Hant": "企業個案"},
}

TEXT = {
    "F1": {
        "ko": "2011년 이전 정의에 따르면 한국 중소기업의 상품 수출 비중은 2001년 {pub_kor_2001:.1f}%로 정점에 "
              "이르렀고 2009년에는 {pub_kor_2009:.1f}%였다. 대만 중소기업의 영세율 매출 비중은 2003년 "
              "{pub_twn_2003:.1f}%에서 2010년 {pub_twn_2010:.1f}%, 2019년 {pub_twn_2019:.2f}%로 바뀌었다. 한국 "
              "통계가 2011년 {pub_kor_2011:.1f}%로 떨어진 것은 주로 중견기업이 중소기업 범위에서 빠졌기 때문이며, "
              "2012년에도 중소기업과 중견기업을 합한 수출 비중은 {pub_kor_mid_2012:.1f}%였다.",
        "zh-Hant": "依韓國2011年以前的定義，中小企業占商品出口的比重在2001年達到{pub_kor_2001:.1f}%的高點，2009年為"
                   "{pub_kor_2009:.1f}%；臺灣中小企業占零稅率銷售額的比重由2003年的{pub_twn_2003:.1f}%變為2010年的"
                   "{pub_twn_2010:.1f}%與2019年的{pub_twn_2019:.2f}%。韓國的數列在2011年降為{pub_kor_2011:.1f}%，主要"
                   "是因為中堅企業不再計入中小企業：2012年中小企業與中堅企業合計仍占出口的{pub_kor_mid_2012:.1f}%。",
    },
    "F2": {
        "ko": "중소기업 자신의 수출에 다른 수출기업에 공급한 몫까지 더하면, 2014년 중소기업은 대만 수출에 포함된 국내 "
              "부가가치의 {total_twn_2014:.1f}%(90% 구간 {total_twn_2014_low:.1f}-{total_twn_2014_high:.1f}%)를 차지했다. "
              "그중 {direct_twn_2014:.1f}%포인트는 직접수출, {indirect_twn_2014:.1f}%포인트는 대기업 수출을 통한 간접수출이다. "
              "한국은 2011년 이전의 중소기업 범위를 유지하면(이 보고서의 모든 한국 추세에 쓰는 일관된 정의) "
              "{total_kor_cons_2014:.1f}%({total_kor_cons_2014_low:.1f}-{total_kor_cons_2014_high:.1f}%)로 직접수출 "
              "{direct_kor_cons_2014:.1f}%포인트, 간접수출 {indirect_kor_cons_2014:.1f}%포인트였고, 2011년부터 중견기업을 "
              "제외하는 현행 정의로는 {total_kor_2014:.1f}%였다. 두 경제 모두 중소기업의 직접수출 비중보다 훨씬 높다. 구간은 "
              "공표 통계가 정하지 않은 부분(산업 간 중소기업 분포, 미공표 연도)만 반영하며, 수준은 같은 산업의 중소기업과 "
              "대기업이 같은 방식으로 사고판다는 가정에도 근거하고, 두 경제의 수준은 서로 다른 종류의 공표 통계에 근거한다.",
        "zh-Hant": "若把中小企業供應其他出口商的部分與其自身出口一併計入，2014年中小企業占臺灣出口所含國內附加價值的"
                   "{total_twn_2014:.1f}%（90%區間{total_twn_2014_low:.1f}-{total_twn_2014_high:.1f}%），其中"
                   "{direct_twn_2014:.1f}個百分點來自直接出口，{indirect_twn_2014:.1f}個百分點經由大型出口商（間接出口）。"
                   "韓國若維持2011年以前的中小企業範圍（本報告所有韓國趨勢所用的一致定義），比重為{total_kor_cons_2014:.1f}%"
                   "（{total_kor_cons_2014_low:.1f}-{total_kor_cons_2014_high:.1f}%），直接{direct_kor_cons_2014:.1f}個百分點、間接"
                   "{indirect_kor_cons_2014:.1f}個百分點；依自2011年起不計中堅企業的現行定義則為{total_kor_2014:.1f}%。兩地都遠高於"
                   "中小企業占直接出口的比重。區間只涵蓋公開統計未確定的部分（中小企業在產業間的分布、未公布的年份）；水準還"
                   "建立在同一產業中小企業與大企業買賣方式相同的假設上，且兩地的水準依據不同種類的公開統計。",
    },
    "F3": {
        "ko": "기업규모 비중을 모두 2000년 값에 고정하면, 산업연관표만으로 중소기업의 수출 부가가치 비중은 한국에서 "
              "{io_total_kor_2000_2010:+.1f}%포인트(90% 구간 {io_total_kor_2000_2010_low:+.1f}~{io_total_kor_2000_2010_high:+.1f}), "
              "대만에서 {io_total_twn_2000_2010:+.1f}%포인트({io_total_twn_2000_2010_low:+.1f}~{io_total_twn_2000_2010_high:+.1f}) "
              "변했고, 간접수출 비중은 각각 {io_indirect_kor_2000_2010:+.1f}({io_indirect_kor_2000_2010_low:+.1f}~"
              "{io_indirect_kor_2000_2010_high:+.1f}), {io_indirect_twn_2000_2010:+.1f}({io_indirect_twn_2000_2010_low:+.1f}~"
              "{io_indirect_twn_2000_2010_high:+.1f}) 변했다. 보간하거나 이월한 기준치에 근거한 기업규모 비중의 변화는 한국의 "
              "전체 비중에 {sh_total_kor_2000_2010:+.1f}%포인트({sh_total_kor_2000_2010_low:+.1f}~{sh_total_kor_2000_2010_high:+.1f}), "
              "대만에 {sh_total_twn_2000_2010:+.1f}%포인트({sh_total_twn_2000_2010_low:+.1f}~{sh_total_twn_2000_2010_high:+.1f})를 "
              "더한다. 전체 변화(한국 {chg_total_kor_2000_2010:+.1f}%포인트, 대만 {chg_total_twn_2000_2010:+.1f}%포인트)의 구간은 "
              "모든 기준치 조합에서 영을 포함한다(한국 {chg_total_kor_2000_2010_sets_low:+.1f}~"
              "{chg_total_kor_2000_2010_sets_high:+.1f}, 대만 {chg_total_twn_2000_2010_sets_low:+.1f}~"
              "{chg_total_twn_2000_2010_sets_high:+.1f}). 산업연관표가 보여 주는 것은 작은 하락이며, 중소기업 비중이 전체적으로 "
              "늘었는지 줄었는지는 알 수 없다.",
        "zh-Hant": "若所有企業規模比重都固定在2000年的值，僅產業關聯表本身使中小企業占出口附加價值的比重在韓國變動"
                   "{io_total_kor_2000_2010:+.1f}個百分點（90%區間{io_total_kor_2000_2010_low:+.1f}至{io_total_kor_2000_2010_high:+.1f}），"
                   "在臺灣變動{io_total_twn_2000_2010:+.1f}（{io_total_twn_2000_2010_low:+.1f}至{io_total_twn_2000_2010_high:+.1f}）；"
                   "間接出口比重分別變動{io_indirect_kor_2000_2010:+.1f}（{io_indirect_kor_2000_2010_low:+.1f}至"
                   "{io_indirect_kor_2000_2010_high:+.1f}）與{io_indirect_twn_2000_2010:+.1f}（{io_indirect_twn_2000_2010_low:+.1f}至"
                   "{io_indirect_twn_2000_2010_high:+.1f}）。建立在內插與沿用基準值上的企業規模比重變化，使韓國的總比重增加"
                   "{sh_total_kor_2000_2010:+.1f}個百分點（{sh_total_kor_2000_2010_low:+.1f}至{sh_total_kor_2000_2010_high:+.1f}），"
                   "臺灣增加{sh_total_twn_2000_2010:+.1f}（{sh_total_twn_2000_2010_low:+.1f}至{sh_total_twn_2000_2010_high:+.1f}）。"
                   "總變動（韓國{chg_total_kor_2000_2010:+.1f}個百分點、臺灣{chg_total_twn_2000_2010:+.1f}個百分點）的區間在每一組"
                   "基準值下都包含零（韓國{chg_total_kor_2000_2010_sets_low:+.1f}至{chg_total_kor_2000_2010_sets_high:+.1f}，臺灣"
                   "{chg_total_twn_2000_2010_sets_low:+.1f}至{chg_total_twn_2000_2010_sets_high:+.1f}）：產業關聯表顯示的是小幅下降，"
                   "中小企業比重整體是升是降則無法得知。",
    },
    "F4": {
        "ko": "이 연구와 같은 방식(중소기업 직접수출에 대기업 수출기업에 대한 중소기업 매출을 더한 총액 기준, 첫 단계와 "
              "전체 파급)으로 측정하고 하나의 규칙(모든 기준치 조합에서 변화의 90% 구간이 영을 포함하지 않을 때에만 판정)으로 "
              "판단하면, 연구의 주장 {kiep_n:.0f}개 가운데 {kiep_agrees:.0f}개는 일치하고, {kiep_direction_only:.0f}개는 방향만 "
              "일치하며, {kiep_disagrees:.0f}개는 반박되고, {kiep_not_testable:.0f}개는 판정할 수 없다. 대만 중소기업의 총액 "
              "기준 간접수출 비중은 2000-2010년 {chg_gind_twn_2000_2010:+.1f}%포인트(전체 파급, 기준치 조합에 걸친 90% 구간 "
              "{chg_gind_twn_2000_2010_sets_low:+.1f}~{chg_gind_twn_2000_2010_sets_high:+.1f}), 한국은 "
              "{chg_gind_kor_2000_2010:+.1f}%포인트({chg_gind_kor_2000_2010_sets_low:+.1f}~{chg_gind_kor_2000_2010_sets_high:+.1f}) "
              "변해, 연구가 보고한 대만의 급증과 한국의 정체는 확인도 반박도 할 수 없다. 대만에서는 대기업이 중소기업을 "
              "협력업체로 끌어들였고 한국에서는 그렇지 않았다는 연구의 설명은 산업 안의 조달에 관한 것으로, 산업 단위의 "
              "산업연관표로는 볼 수 없다.",
        "zh-Hant": "以該研究的方式衡量（中小企業直接出口加上其對大型出口商的銷售，總額、第一輪與全部輪次），並以單一規則判斷"
                   "（只有在每一組基準值下變動的90%區間都不含零時才下判斷），研究的{kiep_n:.0f}項主張中，{kiep_agrees:.0f}項相符，"
                   "{kiep_direction_only:.0f}項僅方向相符，{kiep_disagrees:.0f}項被否定，{kiep_not_testable:.0f}項無法判定。臺灣中小企業"
                   "以總額計的間接出口比重在2000-2010年變動{chg_gind_twn_2000_2010:+.1f}個百分點（全部輪次；各組基準值的90%區間"
                   "{chg_gind_twn_2000_2010_sets_low:+.1f}至{chg_gind_twn_2000_2010_sets_high:+.1f}），韓國變動"
                   "{chg_gind_kor_2000_2010:+.1f}（{chg_gind_kor_2000_2010_sets_low:+.1f}至{chg_gind_kor_2000_2010_sets_high:+.1f}），"
                   "因此研究所報告的臺灣大幅上升與韓國停滯都無法確認或否定。研究的解釋，即臺灣的大企業把中小企業納為供應商而"
                   "韓國沒有，涉及產業內的採購，產業層級的表無法看見。",
    },
    "F5": {
        "ko": "2014년 컴퓨터·전자·광학제품 수출에서 국내 부가가치가 차지한 비중은 한국 {dva_c26_kor_2014:.1f}%, 대만 "
              "{dva_c26_twn_2014:.1f}%였다. 두 경제의 전기·광학장비 중간재 수출에서 중국이 차지한 비중은 2000년 한국 "
              "{china_kor_2000:.1f}%, 대만 {china_twn_2000:.1f}%에서 2011년 각각 {china_kor_2011:.1f}%, "
              "{china_twn_2011:.1f}%로 높아졌다.",
        "zh-Hant": "2014年，國內附加價值占韓國電腦、電子及光學產品出口的{dva_c26_kor_2014:.1f}%，占臺灣的"
                   "{dva_c26_twn_2014:.1f}%；中國占兩地電機及光學設備中間財出口的比重，由2000年的{china_kor_2000:.1f}%"
                   "（韓國）與{china_twn_2000:.1f}%（臺灣）升至2011年的{china_kor_2011:.1f}%與{china_twn_2011:.1f}%。",
    },
    "F6": {
        "ko": "OECD TiVA(2025년판)에 따르면 컴퓨터·전자·광학제품 수출에서 국내 부가가치가 차지한 비중은 대만이 "
              "2014년 {tiva_dva_c26_twn_2014:.1f}%, 2022년 {tiva_dva_c26_twn_2022:.1f}%, 한국이 각각 "
              "{tiva_dva_c26_kor_2014:.1f}%, {tiva_dva_c26_kor_2022:.1f}%였다. 베트남의 이 제품 수출은 "
              "{tiva_exgr_c26_vnm_2014_bn:.0f}에서 "
              "{tiva_exgr_c26_vnm_2022_bn:.0f}(단위: 십억 달러)로 늘었지만 국내 부가가치 비중은 {tiva_dva_c26_vnm_2014:.1f}%에서 "
              "{tiva_dva_c26_vnm_2022:.1f}%로 낮아졌다. TiVA의 수준은 대체로 우리의 WIOD 기반 추정보다 높으므로(2000-2014년 "
              "이 제품에서 최대 {wt_maxdiff_c26:.1f}%포인트) TiVA 안에서의 변화만 읽으며, TiVA는 기업규모에 대해서는 "
              "아무것도 말해 주지 않는다.",
        "zh-Hant": "依OECD TiVA（2025年版），國內附加價值占臺灣電腦、電子及光學產品出口的比重在2014年為"
                   "{tiva_dva_c26_twn_2014:.1f}%，2022年為{tiva_dva_c26_twn_2022:.1f}%；韓國分別為{tiva_dva_c26_kor_2014:.1f}%"
                   "與{tiva_dva_c26_kor_2022:.1f}%。越南這類產品的出口由{tiva_exgr_c26_vnm_2014_bn:.0f}十億美元增至"
                   "{tiva_exgr_c26_vnm_2022_bn:.0f}十億美元，其國內附加價值比重則由{tiva_dva_c26_vnm_2014:.1f}%降至"
                   "{tiva_dva_c26_vnm_2022:.1f}%。TiVA的水準大多高於本報告以WIOD為基礎的估計（2000-2014年這類產品最多高出"
                   "{wt_maxdiff_c26:.1f}個百分點），因此只解讀TiVA內部的變化；TiVA也無法說明企業規模。",
    },
    "F7": {
        "ko": "기록된 기업 {n_firms:.0f}곳 가운데 사건 당시 중소기업이었던 곳은 {n_sme:.0f}곳뿐이며, 나머지 "
              "{n_comparators:.0f}곳은 대기업이나 기업집단 계열사로서 비교 사례로만 다룬다. 각 요인을 뒷받침하는 중소기업 "
              "사례와 비교 사례의 수는 해외 구매자에 대한 신속한 대응 {foreign_buyers_supports_sme:.0f}곳과 "
              "{foreign_buyers_supports_comp:.0f}곳(비교 사례 {foreign_buyers_contradicts_comp:.0f}곳은 반대), 해외투자 "
              "{overseas_investment_supports_sme:.0f}곳과 {overseas_investment_supports_comp:.0f}곳(반대 "
              "{overseas_investment_contradicts_comp:.0f}곳), 자체 기술과 장기 연구개발 {own_technology_supports_sme:.0f}곳과 "
              "{own_technology_supports_comp:.0f}곳이다. 이렇게 적은 중소기업 사례는 이 요인들을 예시할 뿐, 이 요인들이 "
              "중소기업을 성공하게 한다는 것을 보여 주지는 못한다. 사례에서 자체 기술은 여러 구매자에게 판매할 수 있게 해 "
              "주었지만, 한 구매자의 결정으로부터 기업을 지켜 주지는 못했다.",
        "zh-Hant": "在有紀錄的{n_firms:.0f}家企業中，事件發生時屬於中小企業的只有{n_sme:.0f}家；其餘{n_comparators:.0f}家"
                   "為大企業或集團關係企業，只作為對照。支持各項因素的中小企業個案與對照企業家數：對外國買主的快速回應為"
                   "{foreign_buyers_supports_sme:.0f}與{foreign_buyers_supports_comp:.0f}家（另有"
                   "{foreign_buyers_contradicts_comp:.0f}家對照企業與之相反），海外投資為{overseas_investment_supports_sme:.0f}"
                   "與{overseas_investment_supports_comp:.0f}家（相反者{overseas_investment_contradicts_comp:.0f}家），自有技術"
                   "與長期研發為{own_technology_supports_sme:.0f}與{own_technology_supports_comp:.0f}家。如此少的中小企業個案"
                   "只能說明這些因素，無法證明它們使中小企業成功；在這些個案中，自有技術使企業得以賣給多個買主，卻無法使"
                   "企業免受單一買主決策的影響。",
    },
    "R1": {"ko": "중소기업의 간접수출을 기업규모별로, 일관된 정의에 따라 정기적으로 측정한다.",
           "zh-Hant": "定期依企業規模、以一致的定義衡量中小企業的間接出口。"},
    "R2": {"ko": "한국: 협력업체의 고객 기반을 국내 대기업 한 곳 너머로 넓힌다.",
           "zh-Hant": "韓國：將供應商的客戶基礎擴展到單一國內主導企業之外。"},
    "R3": {"ko": "공공 연구 성과를 중소기업과 공유하고 장기 연구개발을 지원한다.",
           "zh-Hant": "與中小企業分享公共研究成果，並資助長期研發。"},
    "R4": {"ko": "구매자를 따라가는 해외투자를 지원하되, 국내에 남는 부분을 살핀다.",
           "zh-Hant": "支持跟隨買主的海外投資，並留意留在國內的部分。"},
    "R5": {"ko": "외국인투자를 국내 협력업체 육성에 활용한다.",
           "zh-Hant": "利用外人投資培育本地供應商。"},
    "R6": {"ko": "한 구매자나 한 기술에 대한 의존을 위험으로 다룬다.",
           "zh-Hant": "將依賴單一買主或單一技術視為風險。"},
}

LABELS = {
    "en": {"evidence": "evidence", "rests_on": "rests on", "sep": ", ",
           "strong": "strong", "moderate": "moderate", "weak": "weak", "anecdotal": "anecdotal",
           "not testable": "not testable"},
    "ko": {"evidence": "근거", "rests_on": "근거 결과", "sep": ", ",
           "strong": "강함", "moderate": "보통", "weak": "약함", "anecdotal": "일화적",
           "not testable": "검증 불가"},
    "zh-Hant": {"evidence": "證據", "rests_on": "依據", "sep": "、",
                "strong": "強", "moderate": "中等", "weak": "弱", "anecdotal": "僅為個案",
                "not testable": "無法檢驗"},
}


def text_of(item_id: str, english: str) -> dict[str, str]:
    """The language -> text dict of one finding or recommendation: the English given, plus the translations."""
    return {"en": english, **TEXT.get(item_id, {})}


def title_of(item_id: str, english: str, lang: str) -> str:
    return english if lang == "en" else TITLES.get(item_id, {}).get(lang, english)
