"""Training curves: TensorBoard event files a person can open, and MLflow when asked for."""

from __future__ import annotations

import pytest

from mella_ray.train.tracking import CURVES, RunLog, require_mlflow


def _events(folder) -> dict[str, list[tuple[int, float]]]:
    """Scalars read back from the event files (TFRecord framing, tensorboardX's Event protobuf)."""
    from tensorboardX.proto import event_pb2

    out: dict[str, list[tuple[int, float]]] = {}
    for path in sorted(folder.glob("events.out.tfevents.*")):
        data = path.read_bytes()
        i = 0
        while i < len(data):
            n = int.from_bytes(data[i : i + 8], "little")
            event = event_pb2.Event.FromString(data[i + 12 : i + 12 + n])
            i += 12 + n + 4  # length, its crc, the record, its crc
            for v in event.summary.value:
                out.setdefault(v.tag, []).append((event.step, round(v.simple_value, 6)))
    return out


def _metrics(step: int) -> dict:
    return {
        "step": step,
        "loss": 2.0 / step,
        "lr": 1e-4,
        "grad_norm": 0.5,
        "tokens_per_s": 1000.0 + step,
        "mfu": 0.3,
        "memory_gib": 1.5,
        "val_loss": None,
        "resumed_from_step": 0,
        "masked_rows": 0,
    }


def test_rank_zero_writes_every_curve_per_step_and_a_resumed_run_continues_them(tmp_path):
    folder = tmp_path / "train" / "tensorboard"
    first = RunLog(str(folder), rank=0)
    for step in (1, 2):
        first.log(_metrics(step), step)
    first.close()
    RunLog(str(tmp_path / "other"), rank=1).log(_metrics(1), 1)  # other ranks write nothing
    assert not (tmp_path / "other").exists()
    resumed = RunLog(str(folder), rank=0)  # a resumed run: a new event file in the same folder
    resumed.log({**_metrics(3), "val_loss": 1.25}, 3)
    resumed.close()
    got = _events(folder)
    assert got["train/loss"] == [(1, 2.0), (2, 1.0), (3, round(2 / 3, 6))]
    assert got["train/val_loss"] == [(3, 1.25)]  # logged only where measured
    assert {f"train/{c}" for c in CURVES} - set(got) == {"train/val_loss"} - set(got)
    assert got["train/tokens_per_s"][-1] == (3, 1003.0)


def test_metrics_and_settings_go_to_an_offline_mlflow_store(tmp_path):
    mlflow = pytest.importorskip("mlflow")  # optional extra: mella-ray[tracking]
    store = (tmp_path / "mlruns").as_uri()
    run = RunLog(str(tmp_path / "tb"), rank=0, mlflow_uri=store, experiment="t", params={"lr": 1e-4, "lora_r": 16})
    for step in (1, 2):
        run.log(_metrics(step), step)
    run_id = run.mlflow.info.run_id
    run.close()
    client = mlflow.tracking.MlflowClient(store)
    assert [(m.step, m.value) for m in client.get_metric_history(run_id, "loss")] == [(1, 2.0), (2, 1.0)]
    assert client.get_run(run_id).data.params == {"lr": "0.0001", "lora_r": "16"}


def test_asking_for_mlflow_without_it_installed_fails_with_the_fix(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_mlflow(name, *a, **kw):
        if name == "mlflow":
            raise ImportError("no mlflow")
        return real(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_mlflow)
    require_mlflow(None)  # not asked for: fine
    with pytest.raises(ValueError, match=r"mella-ray\[tracking\]"):
        require_mlflow("file:/tmp/mlruns")
