"""The caption stage's settings."""
from __future__ import annotations

from pydantic import Field

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig


class CaptionConfig(Strict):
    engine: EngineConfig = Field(default_factory=EngineConfig)
    pivot_lang: str = "en"
    prompt: str = (
        "Describe this image in one coherent, detailed paragraph: the main subject, what is happening, "
        "attributes and state, the mood, any cultural features (or say there are none), lighting and "
        "colour, and the style. Then on a last line write 'Category: <top>/<sub>'."
    )
    categories: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "culture": ["folk traditions", "food", "architecture", "festivals", "crafts", "religion"],
            "scene": ["city", "nature", "indoor", "event"],
            "general": ["people", "objects", "animals", "other"],
        }
    )
    default_category: str = "general/other"
    # Image decoding, EXIF rotation, RGB and the pixel budget run in their own CPU map stage,
    # apart from the GPU actors, so that the accelerator only runs the model.
    preprocess_num_cpus: float = Field(0.25, gt=0)
    # Also run the model's image processor (patches, normalisation) in that CPU stage when the
    # processor allows it (Qwen2-VL family); otherwise the actor gets resized RGB pixels.
    preprocess_features: bool = True
