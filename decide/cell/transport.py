"""Ion transport and interfaces: Arrhenius, sigma = n q mu, ASR = t / sigma, R = dV / I.

Pure functions over floats or numpy arrays. Physical constants only; material data come from the
knowledge base or the design.
"""

from __future__ import annotations

import math
from typing import Any

BOLTZMANN_EV_K = 8.617333262e-5  # eV/K (CODATA 2018)
ELEMENTARY_CHARGE_C = 1.602176634e-19  # C (SI exact)
ZERO_C_K = 273.15
REFERENCE_C = 25.0


def _exp(x: Any) -> Any:
    if isinstance(x, float | int):
        return math.exp(x)
    import numpy as np

    return np.exp(x)


def arrhenius(sigma25_ms_cm: Any, ea_ev: Any, temp_c: Any) -> Any:
    """Conductivity at `temp_c` from its 25 C value: sigma = sigma25 exp(-Ea/k (1/T - 1/T25))."""
    t = temp_c + ZERO_C_K
    t25 = REFERENCE_C + ZERO_C_K
    return sigma25_ms_cm * _exp(-ea_ev / BOLTZMANN_EV_K * (1.0 / t - 1.0 / t25))


def sigma_from_carriers(n_per_cm3: Any, mobility_cm2_per_v_s: Any, charge: int = 1) -> Any:
    """Conductivity in mS/cm from carrier density and mobility: sigma = n q mu (seed article)."""
    return n_per_cm3 * charge * ELEMENTARY_CHARGE_C * mobility_cm2_per_v_s * 1000.0


def asr(thickness_um: Any, sigma_ms_cm: Any) -> Any:
    """Area-specific resistance (ohm cm2) of a layer: t / sigma."""
    return (thickness_um * 1e-4) / (sigma_ms_cm * 1e-3)


def interface_resistance(delta_v_v: Any, current_ma: Any) -> Any:
    """Interface resistance in ohm: R = dV / I (seed article)."""
    return delta_v_v / (current_ma * 1e-3)


def interface_asr(delta_v_v: Any, current_ma: Any, area_cm2: Any) -> Any:
    """Interface area-specific resistance in ohm cm2: R x A."""
    return interface_resistance(delta_v_v, current_ma) * area_cm2


def bruggeman(sigma_liquid_ms_cm: Any, porosity: Any, exponent: float = 1.5) -> Any:
    """Effective conductivity of a liquid in a porous layer: sigma eps^1.5 (Bruggeman)."""
    return sigma_liquid_ms_cm * porosity**exponent
