"""Article texts the parser cannot place alone: staff must supply the missing facts."""

# A report that never prints its 届/次, and one that never names its committee.
NO_ORDINAL = (
    "2024年12月20日,中共上海市嘉定区委员会召开全体会议。\n\n"
    "区委书记陆方舟代表区委常委会作工作报告并讲话。区委副书记、区长高香出席会议。\n\n"
    "全会审议通过了《中共上海市嘉定区委关于推进城市更新的决议》。\n\n"
    "全会强调,要坚持“十四五”规划,推动高质量发展。\n"
)
NO_COMMITTEE = (
    "2023年7月3日,第五届委员会第四次全体会议召开。\n\n"
    "书记王海代表常委会作工作报告。全会审议通过了《关于深化改革的决定》。\n"
)
