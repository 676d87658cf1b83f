"""Chinese numerals as they appear in article labels and dates.

cn2an covers the general case; labels need only integers below 10,000 and are
parsed hundreds of thousands of times per corpus, so the common path is a small
cached table walk and cn2an is the fallback for anything unusual.
"""

from __future__ import annotations

from functools import lru_cache


_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DIGITS.update({str(d): d for d in range(10)} | {chr(0xFF10 + d): d for d in range(10)})  # 十0, 1百: typos, read digit by digit
_UNITS = {"十": 10, "百": 100, "千": 1000}
# The one Chinese-numeral character class (labels up to 9,999: 第一千零一条 needs 千).
CN_NUMERAL_CHARS = "零〇○一二三四五六七八九十百千两"
CN_DIGIT_CHARS = "零〇○Ｏ一二三四五六七八九"  # digit by digit, as dates write years (二〇一九年)
CN_NUM = rf"[{CN_NUMERAL_CHARS}]+"  # a Chinese numeral
NUM = rf"[{CN_NUMERAL_CHARS}\d０-９]+"  # a numeral in Chinese, ASCII or full-width digits


@lru_cache(maxsize=4096)
def cn_to_int(text: str) -> int:
    """Chinese numeral (or ASCII/full-width digits) to int.

    >>> cn_to_int("一百二十三"), cn_to_int("十"), cn_to_int("二十"), cn_to_int("一百零五")
    (123, 10, 20, 105)
    >>> cn_to_int("４７"), cn_to_int("47")
    (47, 47)
    """
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    ascii_digits = text.translate(_FULLWIDTH_DIGITS)
    if ascii_digits.isdigit():
        return int(ascii_digits)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            import cn2an  # only for the unusual numeral: importing it compiles its patterns (~0.2 s per command)

            return int(cn2an.cn2an(text, "smart"))
    return total + current


def digits_cn_to_int(text: str) -> int:
    """Digit-by-digit numerals as years are written: 二〇〇八 -> 2008.

    >>> digits_cn_to_int("二〇〇八"), digits_cn_to_int("二○一九")
    (2008, 2019)
    """
    if any(ch in _UNITS for ch in text):
        return cn_to_int(text)
    return int("".join(str(_DIGITS[ch]) if ch in _DIGITS else ch for ch in text).translate(_FULLWIDTH_DIGITS))


@lru_cache(maxsize=4096)
def int_to_cn(n: int) -> str:
    """int to the numeral used in labels.

    >>> int_to_cn(10), int_to_cn(47), int_to_cn(105), int_to_cn(120), int_to_cn(1000)
    ('十', '四十七', '一百零五', '一百二十', '一千')
    """
    if n < 0:
        raise ValueError(n)
    if n == 0:
        return "零"
    digits = "零一二三四五六七八九"
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                parts.append("零")
                zero = False
            parts.append(digits[d] + unit)
        elif parts:
            zero = True
        if n == 0:
            break
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
