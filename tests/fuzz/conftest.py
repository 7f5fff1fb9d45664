"""The fuzz suite's hypothesis profiles (see fuzz_harness.register_profiles)."""
from fuzz_harness import register_profiles

register_profiles()
