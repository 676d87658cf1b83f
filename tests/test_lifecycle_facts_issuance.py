"""印发通知 and the document it issues (ingest.issuance), on the corpus's real notice and written ones."""

from __future__ import annotations

from datetime import date

from ingest.issuance import read_issuance


def test_the_wage_payment_notice_issues_its_rules(shared_corpus):
    path = shared_corpus / "laws/行政法规/工资支付暂行规定(1994-12-06).md"
    text = path.read_text(encoding="utf-8")
    n = read_issuance(text)
    assert n.notice_title == "关于印发《工资支付暂行规定》的通知"
    assert (n.issued_title, n.doc_number, n.issued_on, n.issuer) == (
        "工资支付暂行规定", "劳部发〔1994〕489号", date(1994, 12, 6), "劳动部")
    assert text.split("\n")[n.issued_start_line - 1].startswith("第一条")
    assert n.issued_effective == date(1995, 1, 1) and "执行" in n.effective_wording


def test_a_notice_that_issues_nothing_and_a_law_are_no_issuance(shared_corpus):
    notice = next((shared_corpus / "laws/规范性文件").glob("国土资源部关于深入持续推进依法行政*"))
    assert read_issuance(notice.read_text(encoding="utf-8")) is None  # 通知如下: it is the norm itself
    for path in [shared_corpus / "laws/法律/民法典/附则.md", *sorted((shared_corpus / "laws/司法解释").glob("*.md"))[:40]]:
        assert read_issuance(path.read_text(encoding="utf-8")) is None, path


def test_written_notice_with_the_issued_title_line():
    text = ("关于印发《示例市临时用地管理办法》的通知\n示政发〔2023〕5号\n各区人民政府，市政府各部门：\n"
            "为规范临时用地管理，特制定本办法。现予印发，请认真贯彻执行。\n示例市人民政府\n2023年5月10日\n"
            "示例市临时用地管理办法\n第一条 为了规范临时用地管理，制定本办法。\n第二十条 本办法自印发之日起施行。")
    n = read_issuance(text)
    assert n.issued_title == "示例市临时用地管理办法" and n.doc_number == "示政发〔2023〕5号"
    assert n.issued_on == date(2023, 5, 10) and n.issuer == "示例市人民政府"
    assert n.issued_start_line == 7
    assert n.issued_effective == date(2023, 5, 10)  # 自印发之日起施行


def test_written_sentence_without_title_line():
    text = ("示例省自然资源厅\n各市自然资源局：\n现将《示例省矿业权出让管理办法》印发给你们，请遵照执行。\n"
            "示例省自然资源厅\n2024年3月1日\n示例省矿业权出让管理办法\n第一条 为了规范矿业权出让，制定本办法。\n"
            "第三十条 本办法自2024年5月1日起施行，有效期五年。")
    n = read_issuance(text)
    assert (n.notice_title, n.issued_title, n.issued_on) == ("", "示例省矿业权出让管理办法", date(2024, 3, 1))
    assert n.issued_start_line == 6 and n.issued_effective == date(2024, 5, 1)
