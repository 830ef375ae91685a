"""The numerical core of customer-base analysis: BG/NBD and Gamma-Gamma.

* :mod:`kam_core._clv.params` — the fitted parameters and what they say about one
  customer (P(alive), expected purchases, expected average spend).  Pure Python
  except the hypergeometric function, taken from scipy when first needed.
* :mod:`kam_core._clv.bg_nbd` — the BG/NBD log-likelihood and its deterministic fit
  (Fader, Hardie & Lee 2005, "Counting your customers the easy way").
* :mod:`kam_core._clv.gamma_gamma` — the Gamma-Gamma spend model and its fit
  (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013).
* :mod:`kam_core._clv.optimise` — the bounded, deterministic optimiser both fits use.

``bg_nbd``, ``gamma_gamma`` and ``optimise`` import numpy and scipy (the optional
extra ``kam_core[clv]``); nothing imports them before a model is fitted, so
``import kam_core`` never loads numpy.  This package works on numbers only: turning
a client's orders into a purchase history is the policy's job
(``kam_core.policies.segmentation.p_alive``).
"""

from kam_core._clv.params import (
    BgNbdParams,
    ClvUnavailableError,
    GammaGammaParams,
    require_numerics,
)

__all__ = ["BgNbdParams", "ClvUnavailableError", "GammaGammaParams", "require_numerics"]
