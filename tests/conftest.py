"""Test-wide settings.

Hypothesis runs derandomized by default, so a run of the suite (CI's included) is
reproducible: a property that fails fails every time, with its example printed. Explore
new examples with ``--hypothesis-profile=explore``.

No example has a deadline: a time limit inside a test fails it on a slow or busy
machine (CI shares two cores) for reasons that are not the code's; speed is measured by
``benchmarks/``, never asserted by a test.
"""
from hypothesis import settings

settings.register_profile("default", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
settings.load_profile("default")
