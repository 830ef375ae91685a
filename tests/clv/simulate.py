"""Seeded BG/NBD and Gamma-Gamma books with known parameters, for recovery tests."""

from __future__ import annotations

import random

import attrs


@attrs.frozen
class Customers:
    """Per-customer histories drawn from the model, in one time unit."""

    x: tuple[int, ...]
    t_x: tuple[float, ...]
    T: tuple[float, ...]
    spend: tuple[float, ...]
    """Each customer's mean spend of its repeat purchases (0 without repeats)."""


def bg_nbd_customers(
    n: int,
    *,
    r: float,
    alpha: float,
    a: float,
    b: float,
    T: float,
    seed: int,
    p: float = 6.0,
    q: float = 4.0,
    gamma: float = 15.0,
) -> Customers:
    """Draw ``n`` customers acquired uniformly over [0, T) and observed until ``T``.

    Purchase rate λ ~ Gamma(r, rate α), dropout p ~ Beta(a, b): after each repeat
    purchase the customer stops with probability p (Fader, Hardie & Lee 2005).  Each
    repeat purchase spends Gamma(p, rate ν) with ν ~ Gamma(q, rate γ) (Gamma-Gamma).
    """
    rnd = random.Random(seed)
    xs, txs, ts, spends = [], [], [], []
    for _ in range(n):
        age = rnd.uniform(0.0, T) if rnd.random() < 0.9 else T
        rate = rnd.gammavariate(r, 1.0 / alpha)
        stop = rnd.betavariate(a, b)
        nu = rnd.gammavariate(q, 1.0 / gamma)
        t, x, last, total = 0.0, 0, 0.0, 0.0
        while True:
            t += rnd.expovariate(rate)
            if t > age:
                break
            x, last = x + 1, t
            total += rnd.gammavariate(p, 1.0 / nu)
            if rnd.random() < stop:
                break
        xs.append(x)
        txs.append(last)
        ts.append(age)
        spends.append(total / x if x else 0.0)
    return Customers(tuple(xs), tuple(txs), tuple(ts), tuple(spends))
