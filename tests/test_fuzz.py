"""Fuzzing, CI-sized: any bytes give a loaded model or a tipq finding, never anything else.

Three kinds of input, a few hundred in all (seconds): raw bytes; YAML token soup; and
valid questionnaires and responses with random byte-level edits (tokens inserted, spans
deleted or duplicated, lines moved or re-indented, values replaced). Each goes through the
questionnaire loader and every ``tipq check`` rule, and through ``tipq validate``'s
whole-file path (tests/hostile/fuzz.py). The long run is ``python benchmarks/fuzz_long.py``.
"""

from __future__ import annotations

import random

import pytest
from hostile.fuzz import OUTCOMES, TOKENS, Target, mutate_bytes, seed_inputs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow,
                                            HealthCheck.function_scoped_fixture])

# The small example questionnaire and its sample response: fast to check, so many inputs.
SEEDS = [s for s in seed_inputs() if len(s) < 20_000]


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Target:
    return Target(tmp_path_factory.mktemp("fuzz"))


@_SETTINGS
@given(data=st.binary(max_size=2_000))
def test_any_bytes(target: Target, data: bytes) -> None:
    assert target(data) in OUTCOMES


@_SETTINGS
@given(parts=st.lists(st.sampled_from(TOKENS) | st.binary(max_size=4), max_size=60))
def test_yaml_token_soup(target: Target, parts: list[bytes]) -> None:
    assert target(b"".join(parts)) in OUTCOMES


@settings(_SETTINGS, max_examples=300)
@given(seed=st.sampled_from(SEEDS), rng_seed=st.integers(0, 2**32 - 1))
def test_mutated_valid_files(target: Target, seed: bytes, rng_seed: int) -> None:
    assert target(mutate_bytes(seed, random.Random(rng_seed))) in OUTCOMES


def test_the_seeds_themselves_load(target: Target) -> None:
    """The fuzzer starts from valid files: if these did not load, it would test little."""
    assert all(target(seed) == "loaded" for seed in seed_inputs())


def test_mutation_reaches_every_outcome(target: Target) -> None:
    """The mutator keeps enough inputs loadable to reach the models and the rules."""
    rng = random.Random(5)
    seen = {target(mutate_bytes(rng.choice(SEEDS), rng, steps=1)) for _ in range(120)}
    assert seen == set(OUTCOMES)
