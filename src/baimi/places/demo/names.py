"""Made-up but plausible names for generated residents and staff of a Fuyun county community,
where Kazakh and Han families live side by side. No real person is meant."""

from __future__ import annotations

import numpy as np

HAN_SURNAMES = list("王李张刘陈杨赵黄周吴马孙胡朱高林何郭罗梁宋郑谢韩唐冯")
HAN_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志文斌玉兰海燕")
KAZAKH_GIVEN = [
    "叶尔兰", "努尔兰", "阿依古丽", "古丽娜尔", "别克", "哈那提", "加娜尔", "阿斯哈尔", "热依汗",
    "巴合提", "沙吾列", "吐尔逊", "阿曼", "木拉提", "阿依达娜", "叶尔江", "哈丽达", "达吾列提",
]
KAZAKH_FATHER = [
    "努尔兰", "哈力木", "吐尔逊", "别克", "阿曼", "卡德尔", "马合沙提", "哈森", "波拉提", "赛力克",
]


def person_name(rng: np.random.Generator) -> str:
    if rng.random() < 0.55:
        return f"{rng.choice(KAZAKH_GIVEN)}·{rng.choice(KAZAKH_FATHER)}"
    given = "".join(rng.choice(HAN_GIVEN, size=int(rng.integers(1, 3))))
    return f"{rng.choice(HAN_SURNAMES)}{given}"


def person_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` names drawn at once (the per-name draws dominate generating a large community)."""
    kazakh = rng.random(n) < 0.55
    given = rng.integers(0, len(KAZAKH_GIVEN), n)
    father = rng.integers(0, len(KAZAKH_FATHER), n)
    surname = rng.integers(0, len(HAN_SURNAMES), n)
    han_given = rng.integers(0, len(HAN_GIVEN), (n, 2))
    two_chars = rng.random(n) < 0.5
    names = []
    for i in range(n):
        if kazakh[i]:
            names.append(f"{KAZAKH_GIVEN[given[i]]}·{KAZAKH_FATHER[father[i]]}")
        else:
            second = HAN_GIVEN[han_given[i, 1]] if two_chars[i] else ""
            names.append(f"{HAN_SURNAMES[surname[i]]}{HAN_GIVEN[han_given[i, 0]]}{second}")
    return names
