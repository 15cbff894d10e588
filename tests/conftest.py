"""Test-wide settings.

Hypothesis runs derandomized by default, so a run of the suite (CI's included) is
reproducible: a property that fails fails every time, with its example printed. Explore
new examples with ``--hypothesis-profile=explore``.
"""
from hypothesis import settings

settings.register_profile("default", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile("default")
