"""Training curves a person can watch: TensorBoard event files, and MLflow when configured.

Rank 0 writes loss, learning rate, grad norm, tokens/s, MFU, memory and validation loss under
`output_dir/train/tensorboard` (`tensorboard --logdir <that folder>`); a resumed run adds a new
event file to the same folder, which TensorBoard shows as one curve. On remote storage (s3://)
the events are written to a local folder and copied up at every checkpoint and at the end.

With `train.mlflow_uri` (a tracking server, or a local `file:` store that works offline) the same
metrics and the run's settings go to MLflow, experiment `train.mlflow_experiment`. mlflow is an
optional extra (`pip install mella-ray[tracking]`); asking for it without it installed fails the
run before training starts.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time

from mella_ray.runtime import storage

log = logging.getLogger(__name__)
CURVES = ("loss", "lr", "grad_norm", "tokens_per_s", "mfu", "memory_gib", "val_loss", "masked_rows")


def _local_path(path: str) -> str | None:
    """The plain folder of a local path (file:// included), or None for remote storage."""
    fs, plain = storage.fs_and_path(path)
    protocols = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
    return plain if "file" in protocols else None


def require_mlflow(uri: str | None) -> None:
    """Fail early (on the driver) when MLflow is asked for but not installed."""
    if uri:
        try:
            import mlflow  # noqa: F401
        except ImportError:
            raise ValueError(
                f"train.mlflow_uri={uri!r} needs mlflow: pip install 'mella-ray[tracking]' "
                "(or mlflow-skinny), or drop train.mlflow_uri"
            ) from None


class RunLog:
    """Metrics of one worker's run; only rank 0 writes. `log` takes the loop's metrics dict."""

    def __init__(
        self,
        folder: str,
        rank: int,
        mlflow_uri: str | None = None,
        experiment: str = "mella-train",
        params: dict | None = None,
    ):
        self.rank, self.folder, self.writer, self.mlflow = rank, folder, None, None
        if rank != 0:
            return
        from tensorboardX import SummaryWriter

        self.remote = _local_path(folder) is None
        self.local = tempfile.mkdtemp(prefix="mella-tb-") if self.remote else _local_path(folder)
        os.makedirs(self.local, exist_ok=True)
        # a unique suffix: event files are named by the second and host, and a run restarted within
        # the same second would otherwise overwrite the file of the run before it
        self.writer = SummaryWriter(self.local, flush_secs=30, filename_suffix=f".{os.getpid()}.{time.time_ns()}")
        if mlflow_uri:
            import mlflow

            if "://" not in mlflow_uri or mlflow_uri.startswith("file:"):
                # a local folder store: what works offline and with the skinny client (no database
                # driver); mlflow 3 wants an explicit opt-in for it
                os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
            mlflow.set_tracking_uri(mlflow_uri)
            mlflow.set_experiment(experiment)
            self.mlflow = mlflow.start_run()
            mlflow.log_params({k: v for k, v in (params or {}).items() if isinstance(v, (int, float, str, bool))})

    def log(self, metrics: dict, step: int) -> None:
        if self.writer is None:
            return
        values = {k: float(metrics[k]) for k in CURVES if metrics.get(k) is not None}
        for name, value in values.items():
            self.writer.add_scalar(f"train/{name}", value, step)
        if self.mlflow is not None:
            import mlflow

            mlflow.log_metrics(values, step=step)

    def flush(self) -> None:
        """Events to disk, and to remote storage when output_dir is remote."""
        if self.writer is None:
            return
        self.writer.flush()
        if self.remote:
            fs, dest = storage.fs_and_path(self.folder)
            fs.put(self.local + "/", dest, recursive=True)

    def close(self) -> None:
        if self.writer is None:
            return
        self.flush()
        self.writer.close()
        if self.mlflow is not None:
            import mlflow

            mlflow.end_run()
