"""The train stage's settings (defaults are the paper's recipe)."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, model_validator

from mella_ray.config.base import Strict


class LoraConfig(Strict):
    enabled: bool = Field(
        True,
        description=(
            "Train LoRA adapters (merged into train/final at the end), as in the paper; off: full fine-tuning."
        ),
    )
    r: int = Field(16, ge=1, description="LoRA rank; 16 as in the paper.")
    alpha: int = Field(32, ge=1, description="LoRA scaling alpha (scale = alpha / r); 32 as in the paper.")
    dropout: float = Field(0.05, ge=0, lt=1, description="Dropout on the LoRA path; 0.05 as in the paper.")
    target_modules: list[str] = Field(
        default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
        description="Language-model linear layers that get adapters; default: every attention and MLP projection.",
    )


class TrainConfig(Strict):
    model: str = Field("tiny:vlm", description="VLM to fine-tune (hub id, path or tiny:vlm).")
    num_workers: int = Field(
        2,
        ge=1,
        description=("Ray Train workers (FSDP ranks), one GPU each when use_gpu; 2 exercises sharding on a laptop."),
    )
    use_gpu: bool = Field(False, description="One GPU per worker; off by default so the demo trains on CPU.")
    cpus_per_worker: float = Field(1.0, gt=0, description="CPUs each train worker asks Ray for.")
    accelerator_type: str | None = Field(
        None, description=("e.g. H100: asks Ray for that node type, which steers the autoscaler; None: any GPU node.")
    )
    lora: LoraConfig = Field(default_factory=LoraConfig, description="LoRA adapters (the paper's r=16, alpha=32).")
    freeze_vision: bool = Field(True, description="Keep the vision tower frozen, as in the paper.")
    freeze_projector: bool = Field(True, description="Keep the vision-language projector frozen, as in the paper.")
    freeze_language_model: bool = Field(
        False,
        description=(
            "Full fine-tuning only (lora.enabled: false): freeze the language model, e.g. to train the projector alone."
        ),
    )
    lr: float = Field(
        4e-5, gt=0, description=("Peak learning rate (cosine schedule after warm-up); 4e-5 as in the paper.")
    )
    warmup_ratio: float = Field(0.03, ge=0, lt=1, description="Share of the optimizer steps spent warming up.")
    weight_decay: float = Field(0.0, ge=0, description="AdamW weight decay; 0 as in the paper.")
    global_batch: int = Field(
        16,
        ge=1,
        description=(
            "Samples per optimizer step over all workers (a multiple of micro_batch x num_workers; the rest is "
            "gradient accumulation); 16 as in the paper."
        ),
    )
    micro_batch: int = Field(1, ge=1, description="Samples per forward pass on one worker (bounds activation memory).")
    epochs: int = Field(1, ge=1, description="Passes over the train split; 1 as in the paper.")
    max_steps: int | None = Field(
        None,
        ge=1,
        description=("Optimizer steps at most (the demo and tests cap it); None: as many as the epochs need."),
    )
    max_length: int = Field(
        4096,
        ge=16,
        description=(
            "Tokens per sample (image tokens included) at most; longer answers are cut, a prompt longer than this "
            "is masked out (counted)."
        ),
    )
    max_pixels: int = Field(
        448 * 448,
        ge=28 * 28,
        description=("Pixels per image before the vision tower; the same 448x448 budget as inference."),
    )
    grad_clip: float = Field(1.0, gt=0, description="Gradient norm clipped to this value.")
    precision: Literal["bf16", "fp32"] = Field(
        "bf16",
        description=(
            "bf16: FSDP mixed precision, bf16 compute with fp32 gradient reduction (the paper's choice); "
            "fp32: full precision."
        ),
    )
    checkpoint_every: int = Field(
        50, ge=1, description=("Optimizer steps between checkpoints (a restarted worker group resumes from the last).")
    )
    log_every: int = Field(10, ge=1, description="Optimizer steps between logged train metrics.")
    val_every: int = Field(100, ge=1, description="Optimizer steps between validation losses.")
    val_batches: int = Field(8, ge=0, description="Micro-batches per worker for one validation loss; 0: no validation.")
    activation_checkpointing: bool = Field(
        False, description=("Recompute activations in the backward pass: less memory, about a third more compute.")
    )
    compile: bool = Field(
        False,
        description=("torch.compile each decoder layer and vision block; off by default: compiling costs minutes."),
    )
    length_group_window: int = Field(
        16,
        ge=1,
        description=(
            "Length-grouped batching: micro-batches are formed from a window of this many micro-batches' worth of "
            "samples sorted by length, so padding is small; 1 turns it off."
        ),
    )
    encode_threads: int = Field(
        4, ge=1, description=("Threads that encode rows (image decode, resize, processor, tokeniser) on each worker.")
    )
    prefetch_batches: int = Field(
        2,
        ge=0,
        description=("Micro-batches encoded ahead of the step on a background thread; 0: encode inside the step."),
    )
    packing: bool = Field(
        True,
        description="Pack each micro-batch's samples end to end into rows of at most max_length tokens "
        "(first-fit), attention kept within each sample and positions restarting per sample, instead of padding "
        "them to the longest: no compute on padding, same loss and gradients. On by default because the result is "
        "the padded one's; used for models whose packed path is tested (Qwen2-VL), others are padded with a "
        "warning. Pays with micro_batch > 1.",
    )
    mlflow_uri: str | None = Field(
        None,
        description="MLflow tracking URI (http://host:5000, or file:/some/folder for a local store that works "
        "offline): the run's settings and per-step metrics go there as well as to TensorBoard event files under "
        "output_dir/train/tensorboard. Needs the optional extra mella-ray[tracking]. None: TensorBoard only.",
    )
    mlflow_experiment: str = Field(
        "mella-train", description="MLflow experiment the run is logged under (only with mlflow_uri)."
    )
    max_failures: int = Field(
        3, ge=0, description=("Worker-group failures Ray Train restarts from the last checkpoint before the run fails.")
    )
    seed: int = Field(0, description="Random seed of data order and adapter init: a rerun is identical.")

    @model_validator(mode="after")
    def _batch_divides(self) -> TrainConfig:
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
        head = (
            f"num_workers={self.num_workers} asks for more workers than global_batch={gb} can feed: each worker "
            f"needs micro_batch={mb} samples per step, {per_step} in all"
            if per_step > gb
            else ""
        )
        return (
            f"{head + '; ' if head else ''}global_batch ({gb}) must be a multiple of micro_batch × num_workers "
            f"({per_step}). Choose one: global_batch: {bigger} with lr: {self.lr * math.sqrt(bigger / gb):.3g} "
            f"(the square-root rule from lr {self.lr:g} at {gb}), or num_workers: {workers}"
            + (f", or micro_batch: {micro} (more accumulation, same samples per step)" if micro else "")
        )
