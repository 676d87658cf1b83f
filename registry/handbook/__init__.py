"""执法手册: for a matter (非法占用土地, 违法采矿, 临时用地) on a date, the provisions in force that
prohibit it, set its penalty and give its procedure, by norm in order of 效力位阶, each with its
full citation and the higher provision it implements. See `build`."""

from registry.handbook.build import TOPICS, build

__all__ = ["TOPICS", "build"]
