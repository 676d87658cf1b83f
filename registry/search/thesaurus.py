"""What legal staff call a rule, and how the norms word it (俗称/学理用语 -> 法条用语).

Staff search for 一事不再罚, 首违不罚 or 高空抛物; the articles say 不得给予两次以上
罚款的行政处罚, 初次违法且危害后果轻微 and 从建筑物中抛掷物品. A ranked search
that needs every word in one article finds nothing for them. Each term below
maps to the statutory wording of the rule it names; an unquoted query part
containing the term also searches that wording (an OR), and the result notes
say so. Quoted phrases and exact mode stay literal. The table is written by
hand from the texts, kept small and general: a term belongs here only when
staff commonly use it and the norms never do.
"""

from __future__ import annotations

from registry.search import query as uq

THESAURUS: dict[str, tuple[str, ...]] = {
    # 行政处罚法
    "一事不再罚": ("不得给予两次以上罚款",),
    "一事不二罚": ("不得给予两次以上罚款",),
    "首违不罚": ("初次违法且危害后果轻微",),
    "追诉时效": ("未被发现的，不再给予行政处罚",),
    "处罚时效": ("未被发现的，不再给予行政处罚",),
    "过罚相当": ("与违法行为的事实、性质、情节以及社会危害程度相当",),
    "罚缴分离": ("作出罚款决定的行政机关应当与收缴罚款的机构分离",),
    "按日计罚": ("按日连续处罚",),
    "治安拘留": ("行政拘留",),
    # 行政法
    "民告官": ("行政诉讼",),
    "复议前置": ("应当先申请行政复议",),
    "红头文件": ("规范性文件",),
    "依申请公开": ("申请获取政府信息",),
    "一把手": ("主要负责人",),
    "容缺受理": ("容缺",),
    # 民法典
    "高空抛物": ("从建筑物中抛掷物品",),
    "高空坠物": ("从建筑物上坠落的物品",),
    "见义勇为": ("因保护他人民事权益使自己受到损害",),
    "自甘风险": ("自愿参加具有一定风险的文体活动",),
    "好意同乘": ("无偿搭乘人",),
    "霸王条款": ("格式条款",),
    "流押": ("抵押财产归债权人所有",),
    "流质": ("质押财产归债权人所有",),
    "定金罚则": ("双倍返还定金",),
    "一房二卖": ("买卖合同", "多重买卖"),
    "彩礼": ("借婚姻索取财物",),
    # 劳动
    "加班费": ("延长工作时间的工资报酬", "加班工资"),
    "经济补偿金": ("经济补偿",),
    "双倍工资": ("二倍的工资",),
    "年假": ("带薪年休假",),
    "五险一金": ("社会保险", "住房公积金"),
    # 交通与治安
    "酒驾": ("饮酒后驾驶机动车",),
    "醉驾": ("醉酒驾驶机动车",),
    # 环境、安全
    "环评": ("环境影响评价",),
    "三同时": ("同时设计、同时施工、同时投产使用",),
    # 土地、规划、矿产
    "入市": ("出让", "出租"),
    "一户一宅": ("一户只能拥有一处宅基地",),
    "小产权房": ("集体所有的土地", "住宅建设"),
    "征地": ("征收土地",),
    "征地补偿": ("征收土地", "土地补偿费"),
    "临时用地": ("临时使用土地",),
    "违法建设": ("未取得建设工程规划许可证",),
    "违章建筑": ("违法建设", "未取得建设工程规划许可证"),
    "违建": ("违法建设",),
    "占补平衡": ("占多少，垦多少",),
    "土地出让金": ("土地使用权出让金",),
    "越界开采": ("超越批准的矿区范围采矿",),
    "无证开采": ("未取得采矿许可证擅自采矿",),
    "采矿证": ("采矿许可证",),
    "探矿证": ("勘查许可证",),
    "拆迁": ("拆除", "迁移"),
}


def expand(node: uq.Node) -> tuple[uq.Node, list[str]]:
    """The query with each unquoted part that contains a term ORed with the term's wordings,
    and a note per term used."""
    notes: list[str] = []

    def walk(n: uq.Node) -> uq.Node:
        if isinstance(n, uq.Leaf):
            if n.quoted:
                return n
            alternatives = [uq.Leaf(n.text.replace(term, f" {wording} "), False)
                            for term, wordings in THESAURUS.items() if term in n.text for wording in wordings]
            if not alternatives:
                return n
            notes.extend(f"{term} 也检索法条用语：{'、'.join(w)}" for term, w in THESAURUS.items() if term in n.text)
            return uq.Or((n, *alternatives))
        if isinstance(n, uq.Not):
            return n
        return type(n)(tuple(walk(i) for i in n.items))

    return walk(node), notes
