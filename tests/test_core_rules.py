"""The rules that have one home each (issue 8): numerals, the title key, the two ways a date
picks a version, 施行日期 as a text states it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from registry.amendments import apply
from registry.core import numerals
from registry.core.titles import normalise_title, title_key
from registry.norms import effective_dates, lifecycle
from registry.norms import models as m


@pytest.mark.parametrize("label, value", [("第一千零一条", 1001), ("第一千二百六十条", 1260), ("第十条", 10),
                                          ("第四十七条", 47), ("第47条", 47)])
def test_one_numeral_class_reads_every_article_number(label, value):
    found = re.fullmatch(rf"第({numerals.NUM})条", label)
    assert found and numerals.cn_to_int(found.group(1)) == value


def test_a_partial_repeal_naming_a_thousandth_article_is_read():
    """The copies in the amendment store left out 千: 《民法典》第一千零一条 matched nothing."""
    m_ = apply._PARTIAL.match("民法典第一千零一条")
    assert m_ and m_.group(2) == "第一千零一条"
    assert re.findall(rf"第{numerals.NUM}条(?:之{numerals.CN_NUM})?", "第一千零一条、第十条之一") == \
        ["第一千零一条", "第十条之一"]


def test_one_title_key_keeps_a_year_that_is_part_of_the_title():
    assert title_key("中华人民共和国 土地管理法（2019修正）") == title_key("中华人民共和国土地管理法")
    assert title_key("国有土地规划（2010年）") != title_key("国有土地规划")
    assert title_key("中华人民共和国宪法修正案（1988年）") != title_key("中华人民共和国宪法修正案（1993年）")
    assert normalise_title("国土资源管理系统全面推进依法行政规划（2006年—2010年）").endswith("（2006年—2010年）")
    # the key and the cited-title normaliser agree on what an edition mark is
    assert title_key(normalise_title("《中华人民共和国土地管理法（2004年修正）》")) == title_key("中华人民共和国土地管理法")


def _version(day: date, effective: date) -> m.Version:
    return m.Version(id=f"/w@{day}", work_id="/w", version_date=day, title="t", promulgated=day, effective=effective)


def test_the_two_ways_a_date_picks_a_version():
    v2004 = _version(date(2004, 8, 28), date(2004, 8, 28))
    v2019 = _version(date(2019, 8, 26), date(2020, 1, 1))
    versions = [v2004, v2019]
    # in force on a day: the 2019 text is promulgated but not yet in force on 2019-09-01
    assert lifecycle.version_in_force(versions, [], date(2019, 9, 1))[0] is v2004
    assert lifecycle.version_in_force(versions, [], date(2020, 1, 1))[0] is v2019
    assert lifecycle.version_in_force(versions, [], date(2000, 1, 1)) == (v2004, "later_version_only")
    # a date naming a version (新旧对照, impact): its version date names it even before it takes effect
    assert lifecycle.version_named(versions, date(2019, 8, 26)) is v2019
    assert lifecycle.version_named(versions, date(2019, 9, 1)) is v2004
    assert lifecycle.version_named(versions, date(2021, 1, 1)) is v2019


def test_effective_date_as_a_text_states_it():
    v = date(2019, 8, 26)
    assert effective_dates.stated(date(2020, 1, 1), [], None, False, v, False, v) == (date(2020, 1, 1), "text")
    assert effective_dates.stated(None, [date(2020, 1, 1), date(1987, 1, 1)], None, False, v, False, v) == \
        (date(2020, 1, 1), "text")  # a header's 施行 line before the version date is the first version's
    assert effective_dates.stated(None, [], date(2020, 1, 1), False, v, False, v) == (date(2020, 1, 1), "body")
    assert effective_dates.stated(None, [], None, True, v, True, v) == (v, "body")  # 自公布之日起施行, original text
    assert effective_dates.stated(None, [], None, True, v, False, v) == (None, "")  # amended text: not this 公布
    assert effective_dates.assumed(v) == (v, "assumed")
    assert effective_dates.of_decision(None, date(2022, 8, 1), "body") == date(2022, 8, 1)
    assert effective_dates.of_decision(None, date(2022, 6, 24), "assumed") is None
