"""有效期 / 试行期 of the norm itself (ingest.validity) and the end-date convention (registry.norms.lifecycle_facts)."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.pipeline import parse_bytes, parse_path
from ingest.validity import read_sentence, read_validity


@pytest.mark.parametrize("text, last_day, basis", [
    ("本办法自2023年7月1日起施行，有效期五年。", date(2028, 6, 30), "正文日期"),
    ("本规定自2019年1月1日起施行，有效期为3年。", date(2021, 12, 31), "正文日期"),
    ("本通知自印发之日起施行，有效期至2025年12月31日。", date(2025, 12, 31), "印发日期"),
    ("有效期自2020年1月1日起至2024年12月31日止。", date(2024, 12, 31), "正文日期"),
    ("本办法的有效期限为两年。", None, "施行日期"),
])
def test_written_wordings(text, last_day, basis):
    [v] = read_sentence(text)
    assert v.last_day == last_day and v.start_basis == basis


def test_five_years_from_1_july_end_on_30_june_and_lapse_on_1_july():
    [v] = read_sentence("本办法自2023年7月1日起施行，有效期五年。", "art_20")
    assert (v.months, v.start, v.last_day, v.expires_on) == (60, date(2023, 7, 1), date(2028, 6, 30), date(2028, 7, 1))


def test_trial_period_runs_from_the_norms_effective_date():
    text = "示例市临时用地管理办法\n2023年5月10日 发布\n\n第一条 为了规范临时用地，制定本办法。\n" \
           "第二条 本办法自2023年7月1日起施行。本办法试行二年。\n"
    draft = parse_bytes(text.encode(), "示例.md")
    [v] = read_validity(draft)
    assert v.trial and v.pid == "art_2" and v.start == date(2023, 7, 1) and v.last_day == date(2025, 6, 30)


@pytest.mark.parametrize("pattern", [
    "护照法*.md",  # 本法施行前签发的护照在有效期内继续有效 (closing article)
    "居住证暂行条例*.md",  # 本条例施行前各地已发放的居住证，在有效期内继续有效
    "居民身份证法*.md",  # 发给有效期五年的居民身份证
    "农村集体经济组织法*.md",  # 法人登记证书有效期限内继续有效
    "危险废物经营许可证管理办法*.md",
    "护士条例*.md",  # 护士执业注册有效期为5年
])
def test_the_validity_of_a_licence_or_card_is_not_the_norms(shared_corpus, pattern):
    [path] = sorted((shared_corpus / "laws").rglob(pattern))[:1]
    assert "有效期" in path.read_text(encoding="utf-8")
    assert read_validity(parse_path(path)) == []


def test_a_permit_period_in_a_closing_sentence_is_not_the_norms():
    assert read_sentence("选址意见书有效期为一年。医疗器械注册证有效期为5年。") == []
    assert read_sentence("许可证自2020年1月1日起有效，有效期三年。") == []
