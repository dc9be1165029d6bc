"""The train stage's settings (defaults are the paper's recipe)."""
from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, model_validator

from mella_ray.config.base import Strict


class LoraConfig(Strict):
    enabled: bool = True
    r: int = Field(16, ge=1)
    alpha: int = Field(32, ge=1)
    dropout: float = Field(0.05, ge=0, lt=1)
    target_modules: list[str] = Field(
        default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    )


class TrainConfig(Strict):
    model: str = "tiny:vlm"
    num_workers: int = Field(2, ge=1)
    use_gpu: bool = False
    cpus_per_worker: float = Field(1.0, gt=0)
    accelerator_type: str | None = None
    lora: LoraConfig = Field(default_factory=LoraConfig)
    freeze_vision: bool = True
    freeze_projector: bool = True
    freeze_language_model: bool = False  # full fine-tuning only: e.g. train the projector alone
    lr: float = Field(4e-5, gt=0)
    warmup_ratio: float = Field(0.03, ge=0, lt=1)
    weight_decay: float = Field(0.0, ge=0)
    global_batch: int = Field(16, ge=1)
    micro_batch: int = Field(1, ge=1)
    epochs: int = Field(1, ge=1)
    max_steps: int | None = Field(None, ge=1)  # caps optimizer steps (demo and tests)
    max_length: int = Field(4096, ge=16)
    max_pixels: int = Field(448 * 448, ge=28 * 28)
    grad_clip: float = Field(1.0, gt=0)
    precision: Literal["bf16", "fp32"] = "bf16"
    checkpoint_every: int = Field(50, ge=1)
    log_every: int = Field(10, ge=1)
    val_every: int = Field(100, ge=1)
    val_batches: int = Field(8, ge=0)  # micro-batches per worker for one validation loss
    activation_checkpointing: bool = False
    compile: bool = False  # torch.compile each decoder layer and vision block
    # Length-grouped batching: micro-batches are formed from a window of this many micro-batches'
    # worth of samples sorted by length, so padding is small; 1 turns it off.
    length_group_window: int = Field(16, ge=1)
    # Rows are encoded (image decode, resize, processor, tokeniser) on this many threads, and up
    # to prefetch_batches micro-batches ahead of the step on a background thread (0: in the step).
    encode_threads: int = Field(4, ge=1)
    prefetch_batches: int = Field(2, ge=0)
    packing: bool = Field(
        True, description="Pack each micro-batch's samples end to end into rows of at most max_length tokens "
        "(first-fit), attention kept within each sample and positions restarting per sample, instead of padding "
        "them to the longest: no compute on padding, same loss and gradients. On by default because the result is "
        "the padded one's; used for models whose packed path is tested (Qwen2-VL), others are padded with a "
        "warning. Pays with micro_batch > 1.")
    mlflow_uri: str | None = Field(
        None, description="MLflow tracking URI (http://host:5000, or file:/some/folder for a local store that works "
        "offline): the run's settings and per-step metrics go there as well as to TensorBoard event files under "
        "output_dir/train/tensorboard. Needs the optional extra mella-ray[tracking]. None: TensorBoard only.")
    mlflow_experiment: str = Field("mella-train", description="MLflow experiment the run is logged under "
                                   "(only with mlflow_uri).")
    max_failures: int = Field(3, ge=0)
    seed: int = 0

    @model_validator(mode="after")
    def _batch_divides(self) -> "TrainConfig":
        if self.lora.enabled and self.freeze_language_model:
            raise ValueError("freeze_language_model applies to full fine-tuning; set lora.enabled: false or drop it")
        per_step = self.micro_batch * self.num_workers
        if self.global_batch % per_step:
            raise ValueError(self._batch_choices(per_step))
        return self

    def _batch_choices(self, per_step: int) -> str:
        """The message for a global batch that the workers cannot share evenly: what is wrong and the two
        ways out. A larger batch takes the learning rate AdamW's square-root rule implies (lr grows with
        the square root of the batch, Malladi et al. 2022), so the run stays comparable to the recipe's."""
        gb, mb = self.global_batch, self.micro_batch
        bigger = math.ceil(gb / per_step) * per_step
        workers = max((w for w in range(1, self.num_workers + 1) if gb % (mb * w) == 0), default=1)
        micro = max((m for m in range(1, mb) if gb % (m * self.num_workers) == 0), default=None)
        head = (f"num_workers={self.num_workers} asks for more workers than global_batch={gb} can feed: each worker "
                f"needs micro_batch={mb} samples per step, {per_step} in all"
                if per_step > gb else "")
        return (f"{head + '; ' if head else ''}global_batch ({gb}) must be a multiple of micro_batch × num_workers "
                f"({per_step}). Choose one: global_batch: {bigger} with lr: {self.lr * math.sqrt(bigger / gb):.3g} "
                f"(the square-root rule from lr {self.lr:g} at {gb}), or num_workers: {workers}"
                + (f", or micro_batch: {micro} (more accumulation, same samples per step)" if micro else ""))
