"""Train settings that cannot work fail before any worker starts, with the choices that would."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from mella_ray.config import TrainConfig


def _error(**train) -> str:
    with pytest.raises(ValidationError) as e:
        TrainConfig(**train)
    return str(e.value)


def test_more_workers_than_the_global_batch_can_feed_fails_with_both_choices():
    msg = _error(num_workers=32)  # global_batch 16, micro_batch 1
    assert "num_workers=32 asks for more workers than global_batch=16 can feed" in msg
    lr = 4e-5 * math.sqrt(32 / 16)
    assert f"global_batch: 32 with lr: {lr:.3g}" in msg and "num_workers: 16" in msg
    TrainConfig(num_workers=16)  # the fewer-workers choice is valid
    TrainConfig(num_workers=32, global_batch=32, lr=lr)  # and so is the larger batch


def test_an_uneven_share_names_the_nearest_valid_batch_and_worker_count():
    msg = _error(num_workers=6)
    assert "global_batch (16) must be a multiple of micro_batch × num_workers (6)" in msg
    assert "global_batch: 18" in msg and "num_workers: 4" in msg and "asks for more workers" not in msg
    TrainConfig(num_workers=6, global_batch=18)


def test_a_smaller_micro_batch_is_offered_when_it_fits():
    msg = _error(num_workers=8, micro_batch=4)
    assert "num_workers: 4" in msg and "micro_batch: 2" in msg and "global_batch: 32" in msg
    TrainConfig(num_workers=8, micro_batch=2)


def test_packing_is_on_by_default_and_described():
    assert TrainConfig().packing is True
    assert "first-fit" in TrainConfig.model_fields["packing"].description
