"""The train stage's settings (defaults are the paper's recipe)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mella_ray.config.base import Strict


class LoraConfig(Strict):
    enabled: bool = Field(True, description=(
        "Train LoRA adapters (merged into train/final at the end), as in the paper; off: full fine-tuning."))
    r: int = Field(16, ge=1, description="LoRA rank; 16 as in the paper.")
    alpha: int = Field(32, ge=1, description="LoRA scaling alpha (scale = alpha / r); 32 as in the paper.")
    dropout: float = Field(0.05, ge=0, lt=1, description="Dropout on the LoRA path; 0.05 as in the paper.")
    target_modules: list[str] = Field(
        default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
        description="Language-model linear layers that get adapters; default: every attention and MLP projection.",
    )


class TrainConfig(Strict):
    model: str = Field("tiny:vlm", description="VLM to fine-tune (hub id, path or tiny:vlm).")
    num_workers: int = Field(2, ge=1, description=(
        "Ray Train workers (FSDP ranks), one GPU each when use_gpu; 2 exercises sharding on a laptop."))
    use_gpu: bool = Field(False, description="One GPU per worker; off by default so the demo trains on CPU.")
    cpus_per_worker: float = Field(1.0, gt=0, description="CPUs each train worker asks Ray for.")
    accelerator_type: str | None = Field(None, description=(
        "e.g. H100: asks Ray for that node type, which steers the autoscaler; None: any GPU node."))
    lora: LoraConfig = Field(default_factory=LoraConfig, description="LoRA adapters (the paper's r=16, alpha=32).")
    freeze_vision: bool = Field(True, description="Keep the vision tower frozen, as in the paper.")
    freeze_projector: bool = Field(True, description="Keep the vision-language projector frozen, as in the paper.")
    freeze_language_model: bool = Field(False, description=(
        "Full fine-tuning only (lora.enabled: false): freeze the language model, e.g. to train the projector alone."))
    lr: float = Field(4e-5, gt=0, description=(
        "Peak learning rate (cosine schedule after warm-up); 4e-5 as in the paper."))
    warmup_ratio: float = Field(0.03, ge=0, lt=1, description="Share of the optimizer steps spent warming up.")
    weight_decay: float = Field(0.0, ge=0, description="AdamW weight decay; 0 as in the paper.")
    global_batch: int = Field(16, ge=1, description=(
        "Samples per optimizer step over all workers (a multiple of micro_batch x num_workers; the rest is "
        "gradient accumulation); 16 as in the paper."))
    micro_batch: int = Field(1, ge=1, description="Samples per forward pass on one worker (bounds activation memory).")
    epochs: int = Field(1, ge=1, description="Passes over the train split; 1 as in the paper.")
    max_steps: int | None = Field(None, ge=1, description=(
        "Optimizer steps at most (the demo and tests cap it); None: as many as the epochs need."))
    max_length: int = Field(4096, ge=16, description=(
        "Tokens per sample (image tokens included) at most; longer answers are cut, a prompt longer than this "
        "is masked out (counted)."))
    max_pixels: int = Field(448 * 448, ge=28 * 28, description=(
        "Pixels per image before the vision tower; the same 448x448 budget as inference."))
    grad_clip: float = Field(1.0, gt=0, description="Gradient norm clipped to this value.")
    precision: Literal["bf16", "fp32"] = Field("bf16", description=(
        "bf16: FSDP mixed precision, bf16 compute with fp32 gradient reduction (the paper's choice); "
        "fp32: full precision."))
    checkpoint_every: int = Field(50, ge=1, description=(
        "Optimizer steps between checkpoints (a restarted worker group resumes from the last)."))
    log_every: int = Field(10, ge=1, description="Optimizer steps between logged train metrics.")
    val_every: int = Field(100, ge=1, description="Optimizer steps between validation losses.")
    val_batches: int = Field(8, ge=0, description="Micro-batches per worker for one validation loss; 0: no validation.")
    activation_checkpointing: bool = Field(False, description=(
        "Recompute activations in the backward pass: less memory, about a third more compute."))
    compile: bool = Field(False, description=(
        "torch.compile each decoder layer and vision block; off by default: compiling costs minutes."))
    length_group_window: int = Field(16, ge=1, description=(
        "Length-grouped batching: micro-batches are formed from a window of this many micro-batches' worth of "
        "samples sorted by length, so padding is small; 1 turns it off."))
    encode_threads: int = Field(4, ge=1, description=(
        "Threads that encode rows (image decode, resize, processor, tokeniser) on each worker."))
    prefetch_batches: int = Field(2, ge=0, description=(
        "Micro-batches encoded ahead of the step on a background thread; 0: encode inside the step."))
    max_failures: int = Field(3, ge=0, description=(
        "Worker-group failures Ray Train restarts from the last checkpoint before the run fails."))
    seed: int = Field(0, description="Random seed of data order and adapter init: a rerun is identical.")

    @model_validator(mode="after")
    def _batch_divides(self) -> "TrainConfig":
        if self.lora.enabled and self.freeze_language_model:
            raise ValueError("freeze_language_model applies to full fine-tuning; set lora.enabled: false or drop it")
        per_step = self.micro_batch * self.num_workers
        if self.global_batch % per_step:
            raise ValueError(
                f"global_batch ({self.global_batch}) must be a multiple of micro_batch × num_workers ({per_step})"
            )
        return self
